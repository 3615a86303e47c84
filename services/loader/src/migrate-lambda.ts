import { fileURLToPath } from 'node:url';
import { createLogger } from '@sluice/runtime';
import { RDS_TLS_PROFILE, resolveDatabaseUrl } from './database-url.ts';
import { migrateWarehouse } from './db/migrate.ts';
import { readLoaderEnv } from './env.ts';

/**
 * Run on every deploy (a CDK trigger): applies the committed migrations, which the build copies next to
 * this bundle as `drizzle/`.
 */
export const handler = async (): Promise<{ database: string }> => {
  const env = readLoaderEnv();
  const log = createLogger('migrate', { level: env.LOG_LEVEL });
  const result = await migrateWarehouse(
    await resolveDatabaseUrl(env),
    fileURLToPath(new URL('./drizzle', import.meta.url)),
    env.DATABASE_SECRET_ARN ? RDS_TLS_PROFILE : undefined,
  );
  log.info(result, 'warehouse migrated');
  return result;
};
