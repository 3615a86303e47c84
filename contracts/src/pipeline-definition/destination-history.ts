import * as z from 'zod';
import { SqlNameSchema } from './identifiers.ts';
import { sqlBaseType } from './sql-type.ts';

const ColumnListSchema = z.array(SqlNameSchema).min(1);

/**
 * When a dimension version starts:
 * - `cursor`: the record's own cursor value (`last_update`), so a change is dated when the source made it;
 *   the table must be written by a mysql resource read with `capture: cursor`, its cursor mapped to a column;
 * - `snapshot`: the run's upper bound, for tables read whole, where the row says nothing of when it changed.
 */
export const VALID_FROM = ['cursor', 'snapshot'] as const;

/** What a fact does when its dimension has no row for the key (see warehouse/src/history/README.md). */
export const MISSING_MEMBER = ['infer', 'unknown', 'reject'] as const;

/** `writeMode: scd2`: a type 2 dimension, one row per version, its surrogate key `<table>_sk`. */
export const Scd2DeclarationSchema = z.strictObject({
  naturalKey: ColumnListSchema,
  /** Type 2: a change opens a new version. */
  tracked: ColumnListSchema,
  /** Type 1: a change rewrites every version of the key, and opens none. */
  overwrite: z.array(SqlNameSchema).default([]),
  /** Where each key's first version starts, so facts older than the first load find it. */
  lowDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?$/, "'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'")
    .optional(),
  validFrom: z.enum(VALID_FROM),
});
export type Scd2Declaration = z.infer<typeof Scd2DeclarationSchema>;

export const DimensionLookupSchema = z.strictObject({
  /** An scd2 table of the same pipeline. */
  dimension: SqlNameSchema,
  /** Fact column → the dimension's natural key column it holds. */
  naturalKey: z
    .record(SqlNameSchema, SqlNameSchema)
    .refine((key) => Object.keys(key).length > 0, 'name the fact column holding each natural key column'),
  missing: z.enum(MISSING_MEMBER).default('infer'),
});

/** `writeMode: fact`: one row per event, pointing at the dimension versions valid at its event time. */
export const FactDeclarationSchema = z.strictObject({
  id: SqlNameSchema,
  eventTime: SqlNameSchema,
  measures: z.array(SqlNameSchema).default([]),
  /** Surrogate key column (not among `columns`: the loader fills it) → the dimension it points into. */
  lookups: z.record(SqlNameSchema, DimensionLookupSchema).default({}),
});
export type FactDeclaration = z.infer<typeof FactDeclarationSchema>;

type Issue = { path: PropertyKey[]; message: string };
type Columns = Record<string, { type: string; nullable: boolean }>;

const unknownColumns = (columns: Columns, names: string[], path: PropertyKey[]): Issue[] =>
  names.flatMap((name, index) =>
    columns[name] ? [] : [{ path: [...path, index], message: `'${name}' is not a column of this table` }],
  );

/** The checks a history block needs of its own table: every column it names declared, and of a fitting type. */
export const checkHistoryTable = (
  table: { columns: Columns; writeMode: string; scd2?: Scd2Declaration; fact?: FactDeclaration },
  addIssue: (issue: Issue) => void,
): void => {
  const { columns, scd2, fact } = table;
  if (table.writeMode === 'scd2' && !scd2)
    addIssue({ path: ['scd2'], message: 'writeMode: scd2 needs an scd2 block' });
  if (table.writeMode === 'fact' && !fact)
    addIssue({ path: ['fact'], message: 'writeMode: fact needs a fact block' });
  if (scd2 && table.writeMode !== 'scd2')
    addIssue({ path: ['scd2'], message: 'an scd2 block needs writeMode: scd2' });
  if (fact && table.writeMode !== 'fact')
    addIssue({ path: ['fact'], message: 'a fact block needs writeMode: fact' });
  const issues: Issue[] = [];
  if (scd2) {
    issues.push(...unknownColumns(columns, scd2.naturalKey, ['scd2', 'naturalKey']));
    issues.push(...unknownColumns(columns, scd2.tracked, ['scd2', 'tracked']));
    issues.push(...unknownColumns(columns, scd2.overwrite, ['scd2', 'overwrite']));
    for (const [index, name] of scd2.naturalKey.entries()) {
      if (columns[name]?.nullable) {
        issues.push({
          path: ['scd2', 'naturalKey', index],
          message: `natural key column '${name}' cannot be nullable`,
        });
      }
    }
  }
  if (fact) {
    issues.push(...unknownColumns(columns, [fact.id], ['fact', 'id']));
    issues.push(...unknownColumns(columns, fact.measures, ['fact', 'measures']));
    const eventTime = columns[fact.eventTime];
    if (!eventTime) {
      issues.push({
        path: ['fact', 'eventTime'],
        message: `'${fact.eventTime}' is not a column of this table`,
      });
    } else if (!['date', 'datetime'].includes(sqlBaseType(eventTime.type))) {
      issues.push({
        path: ['fact', 'eventTime'],
        message: `'${fact.eventTime}' is ${eventTime.type}; an event time is a date or datetime column`,
      });
    }
    for (const [sk, lookup] of Object.entries(fact.lookups)) {
      if (columns[sk]) {
        issues.push({
          path: ['fact', 'lookups', sk],
          message: `'${sk}' is filled by the loader; do not declare it among columns`,
        });
      }
      for (const factColumn of Object.keys(lookup.naturalKey)) {
        if (!columns[factColumn]) {
          const message = `'${factColumn}' is not a column of this table`;
          issues.push({ path: ['fact', 'lookups', sk, 'naturalKey', factColumn], message });
        }
      }
    }
  }
  for (const issue of issues) addIssue(issue);
};
