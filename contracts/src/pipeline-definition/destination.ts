import * as z from 'zod';
import { checkHistoryTable, FactDeclarationSchema, Scd2DeclarationSchema } from './destination-history.ts';
import { SqlNameSchema } from './identifiers.ts';
import { SqlTypeSchema, sqlBaseType } from './sql-type.ts';

/** `varchar(255)` (NOT NULL), or `{ type: int, nullable: true }`. */
export const DestinationColumnSchema = z.union([
  SqlTypeSchema.transform((type) => ({ type, nullable: false })),
  z.strictObject({ type: SqlTypeSchema, nullable: z.boolean().default(false) }),
]);
export type DestinationColumn = z.infer<typeof DestinationColumnSchema>;

/**
 * - `upsert`: insert, or update the row with the same key (`primaryKey` or `uniqueKey`);
 * - `append`: insert only (a redelivered page is still loaded once: the load ledger sees to that);
 * - `replace`: for child tables, each parent's rows are deleted and inserted anew, so that a link removed
 *   at the source disappears from the warehouse too;
 * - `scd2`: a type 2 dimension, versions dated as its `scd2` block says;
 * - `fact`: facts upserted by id, each pointing at the dimension versions valid at its event time.
 */
export const WRITE_MODES = ['upsert', 'append', 'replace', 'scd2', 'fact'] as const;

/** Modes the history library writes: their tables have keys and columns of its own. */
export const HISTORY_WRITE_MODES: readonly string[] = ['scd2', 'fact'];

const ColumnListSchema = z.array(SqlNameSchema).min(1);

export const DestinationTableSchema = z
  .strictObject({
    columns: z
      .record(SqlNameSchema, DestinationColumnSchema)
      .refine((columns) => Object.keys(columns).length > 0, 'a table needs at least one column'),
    primaryKey: ColumnListSchema.optional(),
    uniqueKey: ColumnListSchema.optional(),
    /** Secondary indexes, by name: `characters_location_id_idx: [location_id]`. */
    indexes: z.record(SqlNameSchema, ColumnListSchema).optional(),
    writeMode: z.enum(WRITE_MODES).default('upsert'),
    scd2: Scd2DeclarationSchema.optional(),
    fact: FactDeclarationSchema.optional(),
  })
  .superRefine((table, ctx) => {
    checkHistoryTable(table, (issue) => ctx.addIssue({ code: 'custom', ...issue }));
    if (HISTORY_WRITE_MODES.includes(table.writeMode)) {
      for (const key of ['primaryKey', 'uniqueKey', 'indexes'] as const) {
        if (table[key]) {
          const message = `a ${table.writeMode} table gets its keys from its ${table.writeMode} block; drop ${key}`;
          ctx.addIssue({ code: 'custom', path: [key], message });
        }
      }
    }
    const keyed = [
      ['primaryKey', table.primaryKey],
      ['uniqueKey', table.uniqueKey],
      ...Object.entries(table.indexes ?? {}).map(([name, columns]) => [`indexes.${name}`, columns] as const),
    ] as const;
    for (const [where, columns] of keyed) {
      for (const [index, name] of (columns ?? []).entries()) {
        const column = table.columns[name];
        const path = [...where.split('.'), index];
        if (!column) {
          ctx.addIssue({ code: 'custom', path, message: `'${name}' is not a column of this table` });
        } else if (['json', 'text'].includes(sqlBaseType(column.type))) {
          // MySQL cannot index a TEXT or JSON column whole (it needs a prefix length, which we do not model).
          ctx.addIssue({
            code: 'custom',
            path,
            message: `'${name}' is ${column.type} and cannot be in a key`,
          });
        } else if (where === 'primaryKey' && column.nullable) {
          ctx.addIssue({ code: 'custom', path, message: `primary key column '${name}' cannot be nullable` });
        }
      }
    }
    if (table.writeMode === 'upsert' && !table.primaryKey && !table.uniqueKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['writeMode'],
        message: 'upsert needs a primaryKey or uniqueKey to find the existing row (or use writeMode: append)',
      });
    }
  });
export type DestinationTable = z.infer<typeof DestinationTableSchema>;

/** The warehouse tables a pipeline writes, by name. */
export const DestinationSchema = z
  .record(SqlNameSchema, DestinationTableSchema)
  .refine((tables) => Object.keys(tables).length > 0, 'a destination needs at least one table');
