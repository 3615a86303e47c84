import type { SQSClient } from '@aws-sdk/client-sqs';
import { bucketName } from '@sluice/contracts';
import { createAwsClients, type QueueUrls, resolveQueueUrls } from '@sluice/runtime';
import { RDS_TLS_PROFILE, resolveDatabaseUrl } from './database-url.ts';
import { connectWarehouse, type Warehouse } from './db/connect.ts';
import { withDatabase } from './db/migrate.ts';
import type { LoaderEnv } from './env.ts';
import type { LoaderDeps } from './load.ts';

export interface LoaderProcess {
  deps: LoaderDeps;
  sqs: SQSClient;
  queues: Pick<QueueUrls, 'load'>;
  warehouse: Warehouse;
}

/** Builds the loader's clients and its connection pool once per process (or Lambda container). */
export const createLoaderProcess = async (env: LoaderEnv): Promise<LoaderProcess> => {
  const { s3, sqs } = createAwsClients(env);
  // In AWS the credentials come from the RDS secret, and the connection is TLS to RDS.
  const warehouse = connectWarehouse(
    withDatabase(await resolveDatabaseUrl(env)),
    env.LOAD_BATCH_SIZE * env.LOAD_CONSUMERS,
    env.DATABASE_SECRET_ARN ? RDS_TLS_PROFILE : undefined,
  );
  return {
    deps: {
      s3,
      bucket: env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX),
      db: warehouse.db,
      clock: { now: () => new Date() },
    },
    sqs,
    queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX, ['load'], env),
    warehouse,
  };
};
