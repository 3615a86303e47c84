import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { bucketName } from '@sluice/contracts';
import { HISTORY_WRITE_MODES, type PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import {
  createAwsClients,
  explainConnectionFailure,
  loadPipelineCatalogue,
  pipelinesDirOf,
  type QueueUrls,
  resolveQueueUrls,
} from '@sluice/runtime';
import {
  applyDestination,
  connectWarehouse,
  drizzleTableOf,
  RDS_TLS_PROFILE,
  resolveDatabaseUrl,
  type Warehouse,
  type WarehouseDb,
  withDatabase,
} from '@sluice/warehouse';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { LoaderEnv } from './env.ts';
import type { LoaderDeps } from './load-messages.ts';

export interface LoaderProcess {
  deps: LoaderDeps;
  s3: S3Client;
  bucket: string;
  sqs: SQSClient;
  queues: Pick<QueueUrls, 'load'>;
  warehouse: Warehouse;
  /** The line that says the warehouse is down: its address, its variable and what to start. */
  describeOutage: (error: unknown) => string;
}

/**
 * A pipeline's tables, created or evolved from its declaration once per process: the first page of each
 * pipeline pays for it, and a refused (destructive) change fails that page with the reason, in the DLQ.
 * A failed attempt is forgotten, so the next message tries again.
 */
export const warehouseTablesOf = (db: WarehouseDb) => {
  const ready = new Map<string, Promise<Record<string, MySqlTable>>>();
  return (pipeline: PipelineDefinition): Promise<Record<string, MySqlTable>> => {
    let tables = ready.get(pipeline.name);
    if (!tables) {
      tables = applyDestination(db, pipeline).then(() =>
        Object.fromEntries(
          Object.entries(pipeline.destination)
            // scd2 and fact tables are written by the history library, which knows their columns.
            .filter(([, table]) => !HISTORY_WRITE_MODES.includes(table.writeMode))
            .map(([name, table]) => [name, drizzleTableOf(name, table)]),
        ),
      );
      tables.catch(() => ready.delete(pipeline.name));
      ready.set(pipeline.name, tables);
    }
    return tables;
  };
};

/** Builds the loader's clients and its connection pool once per process (or Lambda container). */
export const createLoaderProcess = async (env: LoaderEnv): Promise<LoaderProcess> => {
  const { s3, sqs } = createAwsClients(env);
  const pipelines = await loadPipelineCatalogue(pipelinesDirOf(env));
  // In AWS the credentials come from the RDS secret, and the connection is TLS to RDS.
  const warehouse = connectWarehouse(
    withDatabase(await resolveDatabaseUrl(env)),
    env.LOAD_BATCH_SIZE * env.LOAD_CONSUMERS,
    env.DATABASE_SECRET_ARN ? RDS_TLS_PROFILE : undefined,
  );
  const bucket = env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX);
  return {
    s3,
    bucket,
    deps: {
      s3,
      bucket,
      db: warehouse.db,
      clock: { now: () => new Date() },
      pipelines,
      tablesOf: warehouseTablesOf(warehouse.db),
    },
    sqs,
    queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX, ['load'], env),
    warehouse,
    // In AWS the address is the secret's, not DATABASE_URL's: the line then says only that it is down.
    describeOutage: (error) =>
      (!env.DATABASE_SECRET_ARN && explainConnectionFailure(error, env)) || 'database unreachable',
  };
};
