import type { ReplaceScope } from '@sluice/contracts';
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type MySqlTable, type MySqlUpdateSetSource } from 'drizzle-orm/mysql-core';
import mysql from 'mysql2';
import type { WarehouseDb } from './connect.ts';

type Transaction = Parameters<Parameters<WarehouseDb['transaction']>[0]>[0];
export type Executor = WarehouseDb | Transaction;

// 500 rows of ~11 columns stay far below MySQL's 65,535 placeholders and max_allowed_packet, while
// saving most of the round trips.
export const UPSERT_CHUNK_SIZE = 500;

type TableColumn = ReturnType<typeof getTableColumns>[string];

/** The columns an upsert updates: all but those of the primary key, single or composite. */
const nonKeyColumns = (table: MySqlTable): [key: string, column: TableColumn][] => {
  const compositeKey = new Set(
    getTableConfig(table).primaryKeys.flatMap((key) => key.columns.map((c) => c.name)),
  );
  return Object.entries(getTableColumns(table)).filter(
    ([, column]) => !column.primary && !compositeKey.has(column.name),
  );
};

/**
 * Multi-row `INSERT … ON DUPLICATE KEY UPDATE col = VALUES(col)` for every non-key column. `VALUES()` and
 * not MySQL 8's `AS new` alias: MariaDB has no alias, and MySQL 8.4 still accepts `VALUES()`.
 */
export const upsertStatement = <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
) => {
  const updates = Object.fromEntries(
    nonKeyColumns(table).map(([key, column]) => [key, sql`values(${sql.identifier(column.name)})`]),
  );
  return Object.keys(updates).length > 0
    ? executor
        .insert(table)
        .values(rows)
        .onDuplicateKeyUpdate({ set: updates as MySqlUpdateSetSource<T> })
    : executor.insert(table).ignore().values(rows);
};

/** A value as mysql2's `query(sql, values)` would send it, after the column's own mapping. */
const literalOf = (column: TableColumn, value: unknown): string => {
  if (value === undefined) return 'DEFAULT';
  if (value === null) return 'NULL';
  const mapped: unknown = column.mapToDriverValue(value);
  // mysql2 would write an object as `key = value` pairs and an array as a list: JSON is what is meant.
  const plain =
    typeof mapped === 'object' && mapped !== null && !Buffer.isBuffer(mapped) && !(mapped instanceof Date);
  return mysql.escape((plain ? JSON.stringify(mapped) : mapped) as Parameters<typeof mysql.escape>[0]);
};

/** What every statement of a table repeats, worked out once per table. */
interface StatementParts {
  columns: [key: string, column: TableColumn][];
  /** `insert into `t` (`a`, `b`) values `, `insert ignore into …`. */
  insert: string;
  insertIgnore: string;
  /** ` on duplicate key update …`, or null for a table made of its key. */
  update: string | null;
}

const partsByTable = new WeakMap<MySqlTable, StatementParts>();

const statementParts = (table: MySqlTable): StatementParts => {
  const known = partsByTable.get(table);
  if (known) return known;
  const columns = Object.entries(getTableColumns(table));
  const updated = nonKeyColumns(table).map(
    ([, column]) => `${mysql.escapeId(column.name)} = values(${mysql.escapeId(column.name)})`,
  );
  const into = `into ${mysql.escapeId(getTableConfig(table).name)} (${columns.map(([, column]) => mysql.escapeId(column.name)).join(', ')}) values `;
  const parts = {
    columns,
    insert: `insert ${into}`,
    insertIgnore: `insert ignore ${into}`,
    update: updated.length > 0 ? ` on duplicate key update ${updated.join(', ')}` : null,
  };
  partsByTable.set(table, parts);
  return parts;
};

/**
 * A multi-row `INSERT` (`IGNORE`, or `ON DUPLICATE KEY UPDATE` every non-key column with `VALUES()`),
 * written here rather than by Drizzle: Drizzle builds a statement of 500 rows chunk by chunk, checking the
 * kind of every placeholder, which took more of the loader's CPU than anything else it did (#14); values
 * are escaped by mysql2 exactly as its `query(sql, values)` escapes them, the same as through Drizzle. The
 * text is appended value by value, with no array per row.
 */
export const rowsStatement = <T extends MySqlTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  onDuplicate: 'update' | 'ignore' | 'fail',
): string => {
  const { columns, insert, insertIgnore, update } = statementParts(table);
  const ignore = onDuplicate === 'ignore' || (onDuplicate === 'update' && update === null);
  let text = ignore ? insertIgnore : insert;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as Record<string, unknown>;
    text += index === 0 ? '(' : ', (';
    for (let at = 0; at < columns.length; at++) {
      const [key, column] = columns[at] as StatementParts['columns'][number];
      text += at === 0 ? literalOf(column, row[key]) : `, ${literalOf(column, row[key])}`;
    }
    text += ')';
  }
  return onDuplicate === 'update' && update !== null ? text + update : text;
};

const writeRows = async <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
  onDuplicate: 'update' | 'ignore' | 'fail',
): Promise<number> => {
  for (let start = 0; start < rows.length; start += UPSERT_CHUNK_SIZE) {
    await executor.execute(
      sql.raw(rowsStatement(table, rows.slice(start, start + UPSERT_CHUNK_SIZE), onDuplicate)),
    );
  }
  return rows.length;
};

/** Multi-row upserts of 500 rows, as upsertStatement writes them. */
export const upsertRows = <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
): Promise<number> => writeRows(executor, table, rows, 'update');

/** Plain multi-row inserts, for `append` tables. */
export const insertRows = <T extends MySqlTable>(
  executor: Executor,
  table: T,
  rows: T['$inferInsert'][],
): Promise<number> => writeRows(executor, table, rows, 'fail');

/**
 * `delete` the rows of a child table that belong to one of the parents' keys, matched on the parent-key
 * columns (`col in (…)`, or `(a = … and b = …) or …` for a key of several columns). Written here for the
 * reason rowsStatement is: Drizzle's building of a 500-key condition, chunk by chunk, was the loader's
 * dearest statement after the inserts; values are escaped as mysql2 escapes them.
 */
export const deleteOfParentsStatement = (table: MySqlTable, scope: ReplaceScope): string => {
  const tableName = getTableConfig(table).name;
  const columns = scope.columns.map((name) => {
    const column = getTableColumns(table)[name];
    if (!column) throw new Error(`${name} is not a column of ${tableName}`);
    return { column, id: mysql.escapeId(column.name) };
  });
  const [only] = columns;
  const where =
    columns.length === 1 && only
      ? `${only.id} in (${scope.keys.map((key) => literalOf(only.column, key[0])).join(', ')})`
      : scope.keys
          .map(
            (key) =>
              `(${columns.map(({ column, id }, index) => `${id} = ${literalOf(column, key[index])}`).join(' and ')})`,
          )
          .join(' or ');
  return `delete from ${mysql.escapeId(tableName)} where ${where}`;
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
    await executor.execute(sql.raw(deleteOfParentsStatement(table, parents)));
  }
  return writeRows(executor, table, rows, 'ignore');
};
