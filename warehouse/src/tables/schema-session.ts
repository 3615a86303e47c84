import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import type { Pool } from 'mysql2/promise';
import type { WarehouseDb } from '../connect.ts';
import * as schema from '../schema.ts';

// Schema work on a pipeline's tables (creating, evolving, resetting them) as one session: the named lock
// that keeps two of them from racing belongs to the connection that took it.

export const firstRow = async <T>(db: WarehouseDb, query: ReturnType<typeof sql>): Promise<T | undefined> => {
  const [rows] = (await db.execute(query)) as unknown as [T[]];
  return rows[0];
};

const isPool = (client: unknown): client is Pool =>
  typeof client === 'object' && client !== null && 'getConnection' in client;

/**
 * GET_LOCK belongs to a session: the lock, the reads and the DDL must all go through one connection,
 * which a pool would not guarantee.
 */
export const onOneConnection = async <T>(
  db: WarehouseDb,
  work: (db: WarehouseDb) => Promise<T>,
): Promise<T> => {
  const client = (db as { $client?: unknown }).$client;
  if (!isPool(client)) return work(db);
  const connection = await client.getConnection();
  try {
    return await work(drizzle({ client: connection, schema, mode: 'default' }));
  } finally {
    connection.release();
  }
};

/** Named locks are server-wide: one per database, within MySQL's 64 characters. */
const lockNameOf = (database: string) => `sluice_schema:${database}`.slice(0, 64);

export const withSchemaLock = async <T>(
  db: WarehouseDb,
  database: string,
  seconds: number,
  work: () => Promise<T>,
) => {
  const lock = lockNameOf(database);
  const got = await firstRow<{ got: number | null }>(db, sql`select get_lock(${lock}, ${seconds}) as got`);
  if (Number(got?.got) !== 1) {
    throw new Error(`another loader held the schema lock ${lock} for more than ${seconds}s; try again`);
  }
  try {
    return await work();
  } finally {
    await db.execute(sql`select release_lock(${lock})`);
  }
};

/** The database the connection works in: where the pipeline's tables are, and what the lock is named after. */
export const currentDatabase = async (db: WarehouseDb): Promise<string> => {
  const current = await firstRow<{ name: string | null }>(db, sql`select database() as name`);
  if (!current?.name) throw new Error('the warehouse connection names no database');
  return current.name;
};

export const tableExists = async (db: WarehouseDb, database: string, name: string): Promise<boolean> =>
  Boolean(
    await firstRow(
      db,
      sql`select 1 as found from information_schema.tables where table_schema = ${database} and table_name = ${name}`,
    ),
  );
