import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import { createConnection } from 'mysql2/promise';
import { connectWarehouse } from './connect.ts';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** The database named by the URL's path; `sluice` when it names none. */
export const databaseNameOf = (databaseUrl: string): string => {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'sluice';
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(name))
    throw new Error(`DATABASE_URL names an unusable database: ${name}`);
  return name;
};

/** The URL with its database made explicit, so every later connection lands in it. */
export const withDatabase = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  url.pathname = `/${databaseNameOf(databaseUrl)}`;
  return url.toString();
};

/**
 * Creates the database if it is missing (utf8mb4: the source has names like "Earth (J19ζ7)"), then
 * applies the committed migrations. Safe to run at every start.
 */
export const migrateWarehouse = async (
  databaseUrl: string,
  migrationsFolder: string = MIGRATIONS_FOLDER,
  ssl?: string,
): Promise<{ database: string }> => {
  const database = databaseNameOf(databaseUrl);
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const connection = await createConnection({ uri: server.toString(), ...(ssl ? { ssl } : {}) });
  try {
    await drizzle({ client: connection }).execute(
      sql`create database if not exists ${sql.identifier(database)} character set utf8mb4 collate utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  const warehouse = connectWarehouse(withDatabase(databaseUrl), 1, ssl);
  try {
    await migrate(warehouse.db, {
      migrationsFolder,
      migrationsTable: 'sluice_migrations',
    });
  } finally {
    await warehouse.close();
  }
  return { database };
};
