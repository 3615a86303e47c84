import * as z from 'zod';
import { FieldPathSchema, SourcePathSchema, SqlNameSchema } from './identifiers.ts';
import { SqlTypeSchema, sqlBaseType } from './sql-type.ts';
import { FITTING_COLUMN_TYPES } from './value-columns.ts';

/**
 * What a source value becomes. A record whose value does not fit its column's type is rejected (to
 * `rejected/…`, with the reason), never loaded half-right.
 * - `int`, `decimal`: a number or a numeric string (some APIs, CoinCap among them, send numbers as
 *   strings); decimals stay strings on the way, so no precision is lost to floating point;
 * - `id_from_url`: the integer at the end of a URL's path, an extension allowed (`…/location/3` → 3,
 *   `…/products/12.html` → 12);
 * - `date` / `datetime`: ISO 8601, or as `format` says (`MMMM d, yyyy` for "December 2, 2013", `T` for
 *   epoch milliseconds, `t` for epoch seconds); datetimes are stored in UTC;
 * - `json`: any value, stored as JSON.
 */
export const VALUE_TYPES = [
  'string',
  'int',
  'decimal',
  'boolean',
  'date',
  'datetime',
  'id_from_url',
  'json',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

// Unicode date-field tokens as date-fns reads them (T and t: epoch milliseconds and seconds); text in
// single quotes is literal.
const DATE_TOKENS = new Set(
  'yyyy yy M MM MMM MMMM d dd E EEE EEEE H HH h hh a m mm s ss S SS SSS X XX XXX T t'.split(' '),
);

export const DateFormatSchema = z.string().superRefine((format, ctx) => {
  const unquoted = format.replace(/'[^']*'/g, '');
  const unknown = (unquoted.match(/[A-Za-z]+/g) ?? []).filter((token) => !DATE_TOKENS.has(token));
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown date token${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: use yyyy, MM, MMMM, d, dd, HH, mm, ss, SSS, XXX; quote literal text ('T')`,
    });
  }
});

export const RegexSchema = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
  }
});

export const ColumnMappingSchema = z
  .strictObject({
    from: SourcePathSchema,
    type: z.enum(VALUE_TYPES),
    format: DateFormatSchema.optional(),
    /** A null or empty-string value becomes NULL instead of rejecting the record; a missing field does not. */
    nullable: z.boolean().default(false),
    /** The source value, as text, must match (checked before conversion): `^S\d{2}E\d{2}$`. */
    pattern: RegexSchema.optional(),
    /** The source value must be one of these. */
    oneOf: z
      .array(z.union([z.string(), z.number(), z.boolean()]))
      .min(1)
      .optional(),
    /**
     * The destination column's SQL type, for a table whose destination lists no columns (the type's
     * default otherwise: see DEFAULT_COLUMN_TYPES): `decimal(10,2)`, `text`, `bigint`.
     */
    sql: SqlTypeSchema.optional(),
    /** For a `string` in such a table: the column is `varchar(length)` instead of `varchar(255)`. */
    length: z
      .int()
      .min(1, 'a varchar holds at least 1 character')
      .max(16_383, 'a varchar holds at most 16383 characters (utf8mb4); use sql: text for longer strings')
      .optional(),
  })
  .superRefine((mapping, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (mapping.format !== undefined && mapping.type !== 'date' && mapping.type !== 'datetime') {
      issue('format', `format applies to date and datetime values, not ${mapping.type}`);
    }
    if (mapping.length !== undefined && mapping.type !== 'string') {
      issue(
        'length',
        `length applies to string values (it makes varchar(length)); for ${mapping.type} values give sql`,
      );
    } else if (mapping.length !== undefined && mapping.sql !== undefined) {
      issue('length', `give either length or sql, not both: sql: varchar(${mapping.length}) says both`);
    }
    const fits = FITTING_COLUMN_TYPES[mapping.type];
    if (mapping.sql !== undefined && !fits.includes(sqlBaseType(mapping.sql))) {
      issue(
        'sql',
        `a ${mapping.type} value cannot go into ${mapping.sql} (${mapping.type} fits ${fits.join(', ')})`,
      );
    }
  });
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

const ColumnsSchema = z
  .record(SqlNameSchema, ColumnMappingSchema)
  .refine((columns) => Object.keys(columns).length > 0, 'at least one column');

/**
 * The rows that tie each parent to the entities of its array (`book_authors`: `book_id` from
 * `$parent.id`, `author_id` from `$item.id`). A link listed twice in one parent is one row.
 */
export const EntityLinkSchema = z.strictObject({
  table: SqlNameSchema,
  columns: ColumnsSchema,
});
export type EntityLink = z.infer<typeof EntityLinkSchema>;

/**
 * Rows exploded from an array in each record: a character's `episode[]` → `character_episodes`. With
 * `link`, each element is an entity of its own (an author shared by many books): `table` gets one row per
 * entity, upserted on its key and filled from `$item` alone, and `link.table` the parent-entity pairs.
 */
export const ChildTableSchema = z
  .strictObject({
    table: SqlNameSchema,
    /** The array, a path in the record. */
    from: FieldPathSchema,
    /** Keep one row per distinct set of values (a character listed twice in an episode is one link). */
    distinct: z.boolean().default(false),
    columns: ColumnsSchema,
    link: EntityLinkSchema.optional(),
  })
  .superRefine((child, ctx) => {
    if (child.link && child.distinct) {
      const message = `an entity table keeps one row per key already (the last one of a page wins); drop distinct`;
      ctx.addIssue({ code: 'custom', path: ['distinct'], message });
    }
    if (child.link && child.link.table === child.table) {
      const message = `the link table must be another table than the entity table '${child.table}'`;
      ctx.addIssue({ code: 'custom', path: ['link', 'table'], message });
    }
  });
export type ChildTable = z.infer<typeof ChildTableSchema>;

// Each kind of transform names the other's key, so that a file giving both hears so, whichever it meant.
const NOT_BOTH = 'give either module (and the tables it writes) or table and columns, not both';
const notBoth = z.never({ error: NOT_BOTH }).optional();

/** Each record becomes one row of `table`, and rows of each child table. */
export const TableTransformSchema = z.strictObject({
  table: SqlNameSchema,
  columns: ColumnsSchema,
  children: z.array(ChildTableSchema).optional(),
  module: notBoth,
});

/**
 * The escape hatch: a TypeScript module that turns records into rows when a mapping cannot say it.
 * It names the tables it writes, so that the destination can still be checked.
 */
export const ModuleTransformSchema = z.strictObject({
  module: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name is kebab-case: lower-case letters, digits, -'),
  tables: z.array(SqlNameSchema).min(1),
  table: notBoth,
});

export const ResourceTransformSchema = z.union([TableTransformSchema, ModuleTransformSchema]);
export type ResourceTransform = z.infer<typeof ResourceTransformSchema>;
