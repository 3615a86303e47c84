import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import mysql from 'mysql2';
import { createPool, type Pool } from 'mysql2/promise';
import * as schema from './schema.ts';

export type WarehouseDb = MySql2Database<typeof schema>;

export interface Warehouse {
  db: WarehouseDb;
  pool: Pool;
  close: () => Promise<void>;
}

/**
 * Formats a statement with its values as mysql2 does by default (objects not stringified, dates in UTC),
 * except that one without values goes as it is: the loader's multi-row statements come with their values
 * escaped (rowsStatement), and mysql2 scanned all of each one's text for placeholders anyway.
 */
const formatStatement = (sql: string, values: unknown): string =>
  Array.isArray(values) && values.length === 0
    ? sql
    : mysql.format(sql, values as Parameters<typeof mysql.format>[1], false, 'Z');

/**
 * One pool per process. Dates stay strings in UTC both ways, so a DATETIME reads back exactly as it was
 * written whatever the server's or the process's time zone.
 */
export const connectWarehouse = (
  databaseUrl: string,
  connectionLimit = 10,
  /** An mysql2 TLS profile: 'Amazon RDS' verifies the server against the RDS certificate authorities. */
  ssl?: string,
): Warehouse => {
  const pool = createPool({
    uri: databaseUrl,
    connectionLimit,
    timezone: 'Z',
    dateStrings: true,
    charset: 'utf8mb4',
    queryFormat: formatStatement,
    ...(ssl ? { ssl } : {}),
  });
  return { db: drizzle({ client: pool, schema, mode: 'default' }), pool, close: () => pool.end() };
};
