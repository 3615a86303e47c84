import { type SQL, sql } from 'drizzle-orm';
import { compareTypes, type DeclarableType, formatType } from '../tables/column-type.ts';
import type { LiveTable } from '../tables/live-table.ts';
import { columnDefinition } from '../tables/table-ddl.ts';
import type { Dimension } from './dimension-spec.ts';
import type { Fact, Lookup } from './fact-spec.ts';
import { UNKNOWN_MEMBER_SK } from './fact-spec.ts';
import { columnList } from './identifiers.ts';
import { repointStatement } from './repoint-facts.ts';

/** What an existing history table needs to match its declaration, or why it cannot be made to. */
export interface HistoryPlan {
  statements: SQL[];
  /** One readable line a change. */
  changes: string[];
  refusals: string[];
}

const TRACKED_PREFIX = 'sluice scd2 tracked: ';

/**
 * The dimension's table comment: its tracked columns, as the row hashes of its versions were computed
 * from. A later declaration that tracks other columns would hash the same rows differently and open a
 * version for every key, so it is compared with this rather than applied.
 */
export const trackedComment = (dimension: Dimension): string =>
  `${TRACKED_PREFIX}${dimension.tracked.map(([name]) => name).join(',')}`;

const trackedOf = (comment: string | null): string[] | null =>
  comment?.startsWith(TRACKED_PREFIX)
    ? comment.slice(TRACKED_PREFIX.length).split(',').filter(Boolean)
    : null;

const emptyPlan = (): HistoryPlan => ({ statements: [], changes: [], refusals: [] });

const alter = (table: string, clause: SQL): SQL => sql`alter table ${sql.identifier(table)} ${clause}`;

/**
 * A declared column against the live one: added when it may be null (nothing existing needs a value),
 * widened when every value fits, refused otherwise. `required` names why a missing column cannot be
 * added (a key, an event time, a tracked column), or is null when it can.
 */
const planColumn = (
  plan: HistoryPlan,
  table: string,
  live: LiveTable,
  [name, type]: [string, DeclarableType],
  required: string | null,
) => {
  const found = live.columns.find((column) => column.name === name);
  if (!found) {
    if (required) {
      plan.refusals.push(`${table}.${name} is new, and ${required}`);
      return;
    }
    plan.statements.push(alter(table, sql`add column ${columnDefinition(name, type, true)}`));
    plan.changes.push(`${table}: added ${name} ${formatType(type)} (null in the rows already there)`);
    return;
  }
  const relation = compareTypes(found.type, type);
  if (relation === 'wider') {
    plan.statements.push(alter(table, sql`modify column ${columnDefinition(name, type, found.nullable)}`));
    plan.changes.push(`${table}: ${name} widened from ${formatType(found.type)} to ${formatType(type)}`);
  } else if (relation === 'refused') {
    plan.refusals.push(
      `${table}.${name} is ${formatType(found.type)}, declared ${formatType(type)}: not a widening every value fits`,
    );
  }
};

const RESET_HINT = 'reset the table (`npx sluice tables reset <pipeline> <table>`) to reload it';

/**
 * A dimension already in the warehouse against its declaration: a new overwrite (type 1) column is added
 * to it and its change table; a widened type is applied; a changed natural key or tracked set is refused,
 * since every version and row hash was computed from them.
 */
export const planDimensionChanges = (
  dimension: Dimension,
  live: LiveTable,
  liveChanges: LiveTable | null,
  comment: string | null,
): HistoryPlan => {
  const plan = emptyPlan();
  const tables = [
    [dimension.table, live],
    ...(liveChanges ? [[dimension.changes, liveChanges] as const] : []),
  ] as const;
  for (const [table, liveTable] of tables) {
    for (const column of dimension.naturalKey)
      planColumn(
        plan,
        table,
        liveTable,
        column,
        `the natural key cannot change under existing versions; ${RESET_HINT}`,
      );
    for (const column of dimension.tracked)
      planColumn(
        plan,
        table,
        liveTable,
        column,
        `a new tracked column changes every version's row hash; ${RESET_HINT}, or declare it under overwrite`,
      );
    for (const column of dimension.overwrite) planColumn(plan, table, liveTable, column, null);
  }
  const before = trackedOf(comment);
  const now = dimension.tracked.map(([name]) => name);
  if (before && before.join(',') !== now.join(',')) {
    plan.refusals.push(
      `${dimension.table} tracks [${now.join(', ')}], its versions were hashed on [${before.join(', ')}]: ${RESET_HINT}`,
    );
  }
  // Refused: keep the refusals only once (the change table repeats the dimension's).
  plan.refusals = [
    ...new Set(plan.refusals.map((line) => line.replace(`${dimension.changes}.`, `${dimension.table}.`))),
  ];
  return plan;
};

const lookupColumns = (fact: Fact, lookup: Lookup): SQL[] => [
  alter(
    fact.table,
    sql`add column ${sql.identifier(lookup.skColumn)} bigint not null default ${sql.raw(String(UNKNOWN_MEMBER_SK))}`,
  ),
  alter(
    fact.table,
    sql`add key ${sql.identifier(`${lookup.skColumn}_idx`.slice(0, 64))} (${sql.identifier(lookup.skColumn)})`,
  ),
  alter(
    fact.table,
    sql`add key ${sql.identifier(`${lookup.skColumn.slice(0, 56)}_key_idx`)} (${columnList(lookup.factColumns)}, ${sql.identifier(fact.eventAt)})`,
  ),
];

/**
 * A fact table already in the warehouse against its declaration: new measures and natural-key columns
 * are added (null in the facts already there); a new lookup gets its surrogate key column and indexes,
 * and every fact is pointed at its member's version at its event time in the same apply (the unknown
 * member while the dimension has no row for it: its first load re-points them). The id and event time
 * cannot change under existing facts.
 */
export const planFactChanges = (fact: Fact, live: LiveTable): HistoryPlan => {
  const plan = emptyPlan();
  const [id, ...values] = fact.valueColumns;
  if (id) planColumn(plan, fact.table, live, id, `the id cannot change under existing facts; ${RESET_HINT}`);
  for (const column of values) {
    const required =
      column[0] === fact.eventAt ? `the event time cannot change under existing facts; ${RESET_HINT}` : null;
    planColumn(plan, fact.table, live, column, required);
  }
  for (const lookup of fact.lookups) {
    if (live.columns.some((column) => column.name === lookup.skColumn)) continue;
    plan.statements.push(
      ...lookupColumns(fact, lookup),
      repointStatement(fact.table, fact.eventAt, lookup, sql`true`),
    );
    plan.changes.push(
      `${fact.table}: added ${lookup.skColumn}, every fact pointed at its ${lookup.dimension.table} version`,
    );
  }
  return plan;
};
