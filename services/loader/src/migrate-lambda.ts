import { fileURLToPath } from 'node:url';
import { createLogger, loadPipelineCatalogue, pipelinesDirOf } from '@sluice/runtime';
import {
  applyDestination,
  connectWarehouse,
  migrateWarehouse,
  RDS_TLS_PROFILE,
  resolveDatabaseUrl,
  withDatabase,
} from '@sluice/warehouse';
import { readLoaderEnv } from './env.ts';

/**
 * Run on every deploy (a CDK trigger): applies the committed migrations, which the build copies next to
 * this bundle as `drizzle/`, then creates or evolves the tables of every pipeline file bundled beside it
 * as `pipelines/`. A destructive change fails the deploy, with the reason, before any data is touched.
 */
export const handler = async (): Promise<{ database: string; created: string[]; changed: string[] }> => {
  const env = readLoaderEnv();
  const log = createLogger('migrate', { level: env.LOG_LEVEL });
  const ssl = env.DATABASE_SECRET_ARN ? RDS_TLS_PROFILE : undefined;
  const databaseUrl = await resolveDatabaseUrl(env);
  const pipelines = await loadPipelineCatalogue(pipelinesDirOf(env));
  const { database } = await migrateWarehouse(
    databaseUrl,
    fileURLToPath(new URL('./drizzle', import.meta.url)),
    ssl,
  );
  const warehouse = connectWarehouse(withDatabase(databaseUrl), 1, ssl);
  const created: string[] = [];
  const changed: string[] = [];
  try {
    for (const name of pipelines.names()) {
      const applied = await applyDestination(warehouse.db, pipelines.get(name));
      created.push(...applied.created);
      changed.push(...applied.changed);
    }
  } finally {
    await warehouse.close();
  }
  log.info({ database, created, changed }, 'warehouse migrated');
  return { database, created, changed };
};
