import type { Connection } from 'mysql2/promise';
import type { TableRows } from './warehouse-rows.ts';

const quote = (identifier: string) => `\`${identifier}\``;

/**
 * `INSERT … VALUES (…), (…) ON DUPLICATE KEY UPDATE c = VALUES(c)` for every non-key column, like the
 * loader's. A table of key columns only (the links) updates a key column to itself: the same no-op.
 */
export const plainUpsertSql = ({ table, columns, keyColumns }: TableRows): string => {
  const updated = columns.filter((column) => !keyColumns.includes(column));
  const set = (updated.length > 0 ? updated : columns.slice(-1))
    .map((column) => `${quote(column)} = VALUES(${quote(column)})`)
    .join(', ');
  return `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${set}`;
};

/**
 * Upserts every row, `batchSize` rows a statement, one connection, each statement its own autocommit:
 * the plainest fast way to put these rows into this schema. Returns the seconds it took.
 */
export const upsertPlainly = async (
  connection: Connection,
  tables: readonly TableRows[],
  batchSize: number,
): Promise<number> => {
  const started = performance.now();
  for (const table of tables) {
    // mysql2 expands `VALUES ?` from an array of row arrays, escaping on the client: one round trip.
    const statement = plainUpsertSql(table);
    for (let start = 0; start < table.rows.length; start += batchSize) {
      await connection.query(statement, [table.rows.slice(start, start + batchSize)]);
    }
  }
  return (performance.now() - started) / 1000;
};
