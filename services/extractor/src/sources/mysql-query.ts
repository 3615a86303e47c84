import type { MysqlPagePosition } from '@sluice/contracts';
import type { MysqlResource } from '@sluice/contracts/pipeline-definition';

export interface SqlQuery {
  sql: string;
  values: unknown[];
}

// Names are checked against /^[A-Za-z_][A-Za-z0-9_]*$/ by the pipeline schema, so quoting is all they need.
const quote = (name: string): string => `\`${name}\``;
const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** The columns pages are ordered and resumed by: the cursor first in a cursor capture, then the key. */
export const orderKeyOf = (resource: MysqlResource): string[] => [
  ...(resource.capture === 'cursor' && resource.cursor ? [resource.cursor] : []),
  ...resource.primaryKey,
];

/**
 * Rows strictly after `after` in the order of `columns`: `(a, b) > (?, ?)`. A composite key also gets
 * `a >= ?` in front, which says the same thing in a form MySQL and MariaDB turn into an index range
 * (neither reliably does so for a row comparison alone). Never OFFSET: a page costs the same however
 * deep in the table it is, and rows inserted or deleted meanwhile do not shift the pages after them.
 */
export const keysetPredicate = (columns: readonly string[], after: readonly unknown[]): SqlQuery => {
  const [first] = columns;
  if (first === undefined || columns.length !== after.length) {
    throw new Error(`a keyset position has ${after.length} values for ${columns.length} columns`);
  }
  if (columns.length === 1) return { sql: `${quote(first)} > ?`, values: [...after] };
  return {
    sql: `${quote(first)} >= ? AND (${columns.map(quote).join(', ')}) > (${placeholders(columns.length)})`,
    values: [after[0], ...after],
  };
};

/**
 * A cursor capture reads `since − lag <= cursor < upper`: the upper bound is excluded and the next run's
 * lower bound is this run's upper, so a row whose cursor equals the boundary is read by exactly one of
 * them. The lag re-reads the last seconds before the boundary, for writes that committed after a run
 * read past their cursor value. The bounds are cast so they compare as DATETIME(6), not as text.
 */
export const cursorBounds = (
  resource: MysqlResource,
  position: Pick<MysqlPagePosition, 'upper' | 'since'>,
): SqlQuery[] => {
  if (resource.capture !== 'cursor' || !resource.cursor) return [];
  const cursor = quote(resource.cursor);
  const upper = { sql: `${cursor} < CAST(? AS DATETIME(6))`, values: [position.upper] };
  if (position.since === null) return [upper];
  const lower = {
    sql: `${cursor} >= CAST(? AS DATETIME(6)) - INTERVAL ? SECOND`,
    values: [position.since, resource.lagSeconds ?? 0],
  };
  return [lower, upper];
};

/**
 * One page of a table: the rows after the previous page's last row, in key order, one more than a page
 * so that a full page knows whether another follows without reading an empty one.
 */
export const pageQuery = (
  resource: MysqlResource,
  position: Pick<MysqlPagePosition, 'upper' | 'since' | 'after'>,
  pageSize: number,
): SqlQuery => {
  const order = orderKeyOf(resource);
  const conditions = [
    ...cursorBounds(resource, position),
    ...(position.after === null ? [] : [keysetPredicate(order, position.after)]),
  ];
  const select = resource.columns ? resource.columns.map(quote).join(', ') : '*';
  const where = conditions.length > 0 ? ` WHERE ${conditions.map(({ sql }) => sql).join(' AND ')}` : '';
  return {
    sql: `SELECT ${select} FROM ${quote(resource.table)}${where} ORDER BY ${order.map(quote).join(', ')} LIMIT ?`,
    values: [...conditions.flatMap(({ values }) => values), pageSize + 1],
  };
};

/** The type and fractional digits of a cursor column, to check it and to cut the upper bound to them. */
export const cursorColumnQuery = (resource: MysqlResource): SqlQuery => ({
  sql:
    'SELECT DATA_TYPE AS type, DATETIME_PRECISION AS fsp FROM information_schema.COLUMNS ' +
    'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
  values: [resource.table, resource.cursor],
});

/**
 * `NOW(6)` cut to the cursor column's precision (`2026-03-29 10:00:00.123456` → `…10:00:00` for a
 * DATETIME(0)): a column that keeps whole seconds stores a write at 10:00:00.7 as 10:00:00, which a bound
 * of 10:00:00.5 would put before this run's end yet after its snapshot; cut, the bound leaves it to the
 * next run. Text only, never a JS Date, so no microsecond is lost.
 */
export const upperBoundAt = (now: string, fsp: number): string =>
  fsp > 0 ? now.slice(0, 20 + Math.min(fsp, 6)) : now.slice(0, 19);
