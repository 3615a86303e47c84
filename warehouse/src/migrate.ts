import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import { createConnection } from 'mysql2/promise';
import { connectWarehouse } from './connect.ts';
import { databaseNameOf, withDatabase } from './database-name.ts';

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

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
