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
type HistoryTable = { writeMode: string; scd2?: Scd2Declaration; fact?: FactDeclaration };

const unknownColumns = (columns: Columns, names: string[], path: PropertyKey[], where: string): Issue[] =>
  names.flatMap((name, index) =>
    columns[name] ? [] : [{ path: [...path, index], message: `'${name}' is not a column of ${where}` }],
  );

/** The checks a history block needs of its table whatever its columns: the block and writeMode agree. */
export const checkHistoryBlocks = (table: HistoryTable, addIssue: (issue: Issue) => void): void => {
  if (table.writeMode === 'scd2' && !table.scd2)
    addIssue({ path: ['scd2'], message: 'writeMode: scd2 needs an scd2 block' });
  if (table.writeMode === 'fact' && !table.fact)
    addIssue({ path: ['fact'], message: 'writeMode: fact needs a fact block' });
  if (table.scd2 && table.writeMode !== 'scd2')
    addIssue({ path: ['scd2'], message: 'an scd2 block needs writeMode: scd2' });
  if (table.fact && table.writeMode !== 'fact')
    addIssue({ path: ['fact'], message: 'a fact block needs writeMode: fact' });
};

const scd2Issues = (columns: Columns, scd2: Scd2Declaration, where: string): Issue[] => [
  ...unknownColumns(columns, scd2.naturalKey, ['scd2', 'naturalKey'], where),
  ...unknownColumns(columns, scd2.tracked, ['scd2', 'tracked'], where),
  ...unknownColumns(columns, scd2.overwrite, ['scd2', 'overwrite'], where),
  ...scd2.naturalKey.flatMap((name, index) =>
    columns[name]?.nullable
      ? [{ path: ['scd2', 'naturalKey', index], message: `natural key column '${name}' cannot be nullable` }]
      : [],
  ),
];

const factIssues = (columns: Columns, fact: FactDeclaration, where: string): Issue[] => {
  const issues = [
    ...unknownColumns(columns, [fact.id], ['fact', 'id'], where),
    ...unknownColumns(columns, fact.measures, ['fact', 'measures'], where),
  ];
  const eventTime = columns[fact.eventTime];
  if (!eventTime) {
    issues.push({ path: ['fact', 'eventTime'], message: `'${fact.eventTime}' is not a column of ${where}` });
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
        const message = `'${factColumn}' is not a column of ${where}`;
        issues.push({ path: ['fact', 'lookups', sk, 'naturalKey', factColumn], message });
      }
    }
  }
  return issues;
};

/**
 * The checks a history block needs of its table's columns (declared, or derived from its transform):
 * every column it names is one, and of a fitting type. `where` names the table in messages.
 */
export const checkHistoryColumns = (
  table: HistoryTable & { columns: Columns },
  addIssue: (issue: Issue) => void,
  where = 'this table',
): void => {
  const { columns, scd2, fact } = table;
  const issues = [
    ...(scd2 ? scd2Issues(columns, scd2, where) : []),
    ...(fact ? factIssues(columns, fact, where) : []),
  ];
  for (const issue of issues) addIssue(issue);
};
