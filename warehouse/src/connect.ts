import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2';
import { createPool, type Pool } from 'mysql2/promise';
import * as schema from './schema.ts';

export type WarehouseDb = MySql2Database<typeof schema>;

export interface Warehouse {
  db: WarehouseDb;
  pool: Pool;
  close: () => Promise<void>;
}

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
    ...(ssl ? { ssl } : {}),
  });
  return { db: drizzle({ client: pool, schema, mode: 'default' }), pool, close: () => pool.end() };
};
