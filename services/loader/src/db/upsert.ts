import { getTableColumns, inArray, sql } from 'drizzle-orm';
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

/**
 * Replaces the child rows of the given parents: deletes what they had, inserts what they have now, so a
 * link removed at the source is removed here too.
 */
export const replaceChildRows = async <T extends MySqlTable>(
  executor: Executor,
  table: T,
  parentColumn: keyof T['$inferSelect'] & string,
  parentIds: number[],
  rows: T['$inferInsert'][],
): Promise<number> => {
  if (parentIds.length > 0) {
    const column = getTableColumns(table)[parentColumn];
    if (!column) throw new Error(`${parentColumn} is not a column`);
    await executor.delete(table).where(inArray(column, parentIds));
  }
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_SIZE) {
    await executor
      .insert(table)
      .ignore()
      .values(rows.slice(start, start + UPSERT_CHUNK_SIZE));
  }
  return rows.length;
};
