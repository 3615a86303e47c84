import type { ReplaceScope, SqlValue } from '@sluice/contracts';
import { and, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type MySqlTable, type MySqlUpdateSetSource } from 'drizzle-orm/mysql-core';
import type { WarehouseDb } from './connect.ts';

type Transaction = Parameters<Parameters<WarehouseDb['transaction']>[0]>[0];
export type Executor = WarehouseDb | Transaction;

// 500 rows of ~11 columns stay far below MySQL's 65,535 placeholders and max_allowed_packet, while
// saving most of the round trips.
export const UPSERT_CHUNK_SIZE = 500;

/**
 * Multi-row `INSERT … ON DUPLICATE KEY UPDATE col = VALUES(col)` for every non-key column. `VALUES()` and
 * not MySQL 8's `AS new` alias: MariaDB has no alias, and MySQL 8.4 still accepts `VALUES()`.
 */
export const upsertStatement = <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
) => {
  const compositeKey = new Set(
    getTableConfig(table).primaryKeys.flatMap((key) => key.columns.map((c) => c.name)),
  );
  const updates = Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([, column]) => !column.primary && !compositeKey.has(column.name))
      .map(([key, column]) => [key, sql`values(${sql.identifier(column.name)})`]),
  );
  return Object.keys(updates).length > 0
    ? executor
        .insert(table)
        .values(rows)
        .onDuplicateKeyUpdate({ set: updates as MySqlUpdateSetSource<T> })
    : executor.insert(table).ignore().values(rows);
};

export const upsertRows = async <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
): Promise<number> => {
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_SIZE) {
    await upsertStatement(executor, table, rows.slice(start, start + UPSERT_CHUNK_SIZE));
  }
  return rows.length;
};

/** Plain multi-row inserts, for `append` tables. */
export const insertRows = async <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
): Promise<number> => {
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_SIZE) {
    await executor.insert(table).values(rows.slice(start, start + UPSERT_CHUNK_SIZE));
  }
  return rows.length;
};

/** The rows of a child table that belong to one of `keys`, matched on the parent-key `columns`. */
const ofParents = (table: MySqlTable, scope: ReplaceScope): SQL | undefined => {
  const columns = scope.columns.map((name) => {
    const column = getTableColumns(table)[name];
    if (!column) throw new Error(`${name} is not a column of ${getTableConfig(table).name}`);
    return column;
  });
  const [only] = columns;
  if (columns.length === 1 && only) {
    return inArray(
      only,
      scope.keys.map((key) => key[0] as SqlValue),
    );
  }
  return or(...scope.keys.map((key) => and(...columns.map((column, index) => eq(column, key[index])))));
};

/**
 * Replaces the child rows of the given parents: deletes what they had, inserts what they have now, so a
 * link removed at the source is removed here too.
 */
export const replaceChildRows = async <T extends MySqlTable>(
  executor: Executor,
  table: T,
  scope: ReplaceScope,
  rows: T['$inferInsert'][],
): Promise<number> => {
  for (let start = 0; start < scope.keys.length; start += UPSERT_CHUNK_SIZE) {
    const parents = { columns: scope.columns, keys: scope.keys.slice(start, start + UPSERT_CHUNK_SIZE) };
    await executor.delete(table).where(ofParents(table, parents));
  }
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_SIZE) {
    await executor
      .insert(table)
      .ignore()
      .values(rows.slice(start, start + UPSERT_CHUNK_SIZE));
  }
  return rows.length;
};
