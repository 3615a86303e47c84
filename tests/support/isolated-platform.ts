import { join } from 'node:path';
import { DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { type CliEnv, connectPlatform, PROJECT_ROOT, preparePlatform, readCliEnv } from '@sluice/cli';
import { databaseNameOf } from '@sluice/warehouse';
import { sql } from 'drizzle-orm';
import { isolatedEnv } from './test-env.ts';

export interface IsolatedPlatform {
  env: CliEnv;
  logDir: string;
  platform: Awaited<ReturnType<typeof connectPlatform>>;
  /** Drops the database and deletes the queues. */
  destroy: () => Promise<void>;
}

/** A migrated database and bootstrapped bucket and queues that belong to one flow only. */
export const createIsolatedPlatform = async (
  label: string,
  extra: Record<string, string> = {},
): Promise<IsolatedPlatform> => {
  const env = readCliEnv({ ...isolatedEnv(label), ...extra });
  await preparePlatform(env);
  const platform = await connectPlatform(env);
  return {
    env,
    logDir: join(PROJECT_ROOT, '.sluice', 'test-logs', env.SLUICE_PREFIX),
    platform,
    destroy: async () => {
      await platform.warehouse.db.execute(
        sql`drop database if exists ${sql.identifier(databaseNameOf(env.DATABASE_URL))}`,
      );
      for (const { url, deadLetterUrl } of Object.values(platform.queues)) {
        await platform.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
        await platform.sqs.send(new DeleteQueueCommand({ QueueUrl: deadLetterUrl }));
      }
      await platform.close();
    },
  };
};

/** A progress display that shows nothing: the flows assert on the summary instead. */
export const silentDisplay = { update: () => {}, stop: () => {} };
