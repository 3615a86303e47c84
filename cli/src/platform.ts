import { bucketName } from '@sluice/contracts';
import {
  type AwsClients,
  bootstrapResources,
  createAwsClients,
  type QueueUrls,
  resolveQueueUrls,
} from '@sluice/runtime';
import {
  applyDestination,
  connectWarehouse,
  migrateWarehouse,
  type Warehouse,
  withDatabase,
} from '@sluice/warehouse';
import type { CliEnv } from './config.ts';
import { loadCliPipelines } from './pipelines/pipeline-catalogue.ts';

export interface Platform extends AwsClients {
  bucket: string;
  queues: QueueUrls;
  warehouse: Warehouse;
  close: () => Promise<void>;
}

/**
 * Migrates the warehouse, creates or evolves every pipeline's tables, and creates the bucket and queues if
 * needed; all idempotent. A pipeline change the warehouse cannot take without losing data stops it here.
 */
export const preparePlatform = async (env: CliEnv) => {
  const pipelines = await loadCliPipelines(env);
  const clients = createAwsClients(env);
  const { database } = await migrateWarehouse(env.DATABASE_URL);
  const warehouse = connectWarehouse(withDatabase(env.DATABASE_URL), 1);
  const tables: { created: string[]; changed: string[] } = { created: [], changed: [] };
  try {
    for (const name of pipelines.names()) {
      const applied = await applyDestination(warehouse.db, pipelines.get(name));
      tables.created.push(...applied.created);
      tables.changed.push(...applied.changed);
    }
  } finally {
    await warehouse.close();
  }
  const resources = await bootstrapResources(
    clients,
    env.SLUICE_PREFIX,
    env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
  );
  clients.s3.destroy();
  clients.sqs.destroy();
  return { database, tables, ...resources };
};

/** The clients a command needs, connected to the deployment named by the environment. */
export const connectPlatform = async (env: CliEnv): Promise<Platform> => {
  const clients = createAwsClients(env);
  const queues = await resolveQueueUrls(clients.sqs, env.SLUICE_PREFIX);
  const warehouse = connectWarehouse(withDatabase(env.DATABASE_URL), 2);
  return {
    ...clients,
    bucket: env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
    queues,
    warehouse,
    close: async () => {
      clients.s3.destroy();
      clients.sqs.destroy();
      await warehouse.close();
    },
  };
};

/** What requesting and following a run needs from a platform. */
export const runDepsOf = (platform: Platform, clock: { now: () => Date } = { now: () => new Date() }) => ({
  db: platform.warehouse.db,
  sqs: platform.sqs,
  queues: platform.queues,
  clock,
});
