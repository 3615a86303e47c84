import { randomBytes } from 'node:crypto';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { type CliEnv, connectPlatform, type Platform, preparePlatform, readCliEnv } from '@sluice/cli';
import { databaseNameOf } from '@sluice/warehouse';
import { sql } from 'drizzle-orm';

export interface BenchDeployment {
  env: CliEnv;
  platform: Platform;
  /** Drops the database, deletes the queues, empties and deletes the bucket. */
  destroy: () => Promise<void>;
}

/** The CLI's environment with its own prefix and database, so a run sees no one else's messages or rows. */
export const benchEnv = (label: string, source: Record<string, string | undefined> = process.env): CliEnv => {
  const base = readCliEnv({ ...source, LOG_LEVEL: 'info' });
  const suffix = randomBytes(3).toString('hex');
  const server = new URL(base.DATABASE_URL);
  server.pathname = `/sluice_bench_${label}_${suffix}`;
  return {
    ...base,
    SLUICE_PREFIX: `bench-${label}-${suffix}`,
    SLUICE_BUCKET: undefined,
    DATABASE_URL: server.toString(),
  };
};

/** The database the loader alone loads a finished run into again, beside the deployment's own. */
export const loaderAloneDatabaseOf = (env: CliEnv): string => `${databaseNameOf(env.DATABASE_URL)}_alone`;

/** Deployments not destroyed yet: what an interrupted bench must still delete. */
const open = new Set<BenchDeployment>();

export const createBenchDeployment = async (label: string): Promise<BenchDeployment> => {
  const env = benchEnv(label);
  await preparePlatform(env);
  const platform = await connectPlatform(env);
  let destroyed: Promise<void> | undefined;
  const deployment: BenchDeployment = {
    env,
    platform,
    // Once only: an interrupted bench and the run it interrupts may both ask.
    destroy: () => {
      destroyed ??= destroyDeployment(env, platform).finally(() => open.delete(deployment));
      return destroyed;
    },
  };
  open.add(deployment);
  return deployment;
};

/**
 * Deletes every deployment still open, for a bench stopped by a signal (Ctrl-C, or CI's time limit):
 * otherwise its queues and its bucket of staged pages would stay in LocalStack until it restarts.
 */
export const destroyOpenDeployments = async (): Promise<void> => {
  await Promise.allSettled([...open].map((deployment) => deployment.destroy()));
};

const destroyDeployment = async (env: CliEnv, platform: Platform): Promise<void> => {
  for (const database of [databaseNameOf(env.DATABASE_URL), loaderAloneDatabaseOf(env)]) {
    await platform.warehouse.db.execute(sql`drop database if exists ${sql.identifier(database)}`);
  }
  for (const { url, deadLetterUrl } of Object.values(platform.queues)) {
    await platform.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await platform.sqs.send(new DeleteQueueCommand({ QueueUrl: deadLetterUrl }));
  }
  await deleteVersionedBucket(platform.s3, platform.bucket);
  await platform.close();
};

/**
 * The staging bucket is versioned, so every version must go before the bucket can: tens of thousands of
 * pages a run would otherwise stay in LocalStack's memory for the next runs to trip over.
 */
const deleteVersionedBucket = async (s3: S3Client, bucket: string): Promise<void> => {
  for (;;) {
    const listing = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const objects = [...(listing.Versions ?? []), ...(listing.DeleteMarkers ?? [])].map(
      ({ Key, VersionId }) => ({ Key, VersionId }),
    );
    if (objects.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
};
