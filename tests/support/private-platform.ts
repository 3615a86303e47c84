import { type CliEnv, connectPlatform, preparePlatform } from '@sluice/cli';
import { createIsolatedPlatform, type IsolatedPlatform } from './isolated-platform.ts';
import { type PrivateMariaDb, startPrivateMariaDb } from './private-mariadb.ts';

export interface PrivatePlatform extends IsolatedPlatform {
  /** The warehouse's own server: the flow may stop and start it without disturbing anyone else. */
  database: PrivateMariaDb;
}

/**
 * Like `createIsolatedPlatform` (`extra` as there, e.g. the pipelines' folder), with the warehouse on a
 * MariaDB server of the flow's own. (The isolated platform's database on the shared server is left empty,
 * and dropped with it.) `destroy` removes everything, the server and its data included, even when a step
 * of it fails.
 */
export const createPrivatePlatform = async (
  label: string,
  extra: Record<string, string> = {},
): Promise<PrivatePlatform> => {
  const isolated = await createIsolatedPlatform(label, extra);
  let database: PrivateMariaDb | undefined;
  let platform: Awaited<ReturnType<typeof connectPlatform>> | undefined;
  const destroy = async () => {
    try {
      await platform?.close();
      await isolated.destroy();
    } finally {
      await database?.destroy();
    }
  };
  try {
    database = await startPrivateMariaDb({ logDir: isolated.logDir });
    const env: CliEnv = { ...isolated.env, DATABASE_URL: `${database.url}sluice_${label}` };
    await preparePlatform(env);
    platform = await connectPlatform(env);
    return { env, logDir: isolated.logDir, platform, database, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
};
