import { join } from 'node:path';
import { type CliEnv, type Platform, serviceEnvOf } from '@sluice/cli';
import { MESSAGE_VERSION, type PageTransformed, stagingKey } from '@sluice/contracts';
import { connectWarehouse, databaseNameOf, migrateWarehouse, warehouseSchema } from '@sluice/loader';
import { sendMessages } from '@sluice/runtime';
import { count, eq, sql } from 'drizzle-orm';
import { type LoadThroughput, readHandledPages, throughputOf } from './stage-throughput.ts';
import { startLoader } from './start-loader.ts';

const { sluiceLoadLedger, sluiceRunPages } = warehouseSchema;

/** The load messages of a finished run, rebuilt from its per-page ledger: same keys, same counts. */
const rebuildLoadMessages = async (platform: Platform, runId: string): Promise<PageTransformed[]> => {
  const pages = await platform.warehouse.db
    .select()
    .from(sluiceRunPages)
    .where(eq(sluiceRunPages.runId, runId));
  return pages.map((page) => {
    const address = { pipeline: 'rickandmorty', resource: page.resource, runId, page: page.page };
    return {
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      ...address,
      pagesTotal: page.pagesTotal,
      processedKey: stagingKey('processed', address),
      rejectedKey: page.rejectedKey,
      records: {
        extracted: page.recordsExtracted,
        valid: page.recordsLoaded,
        rejected: page.recordsRejected,
      },
      rows: {},
    };
  });
};

const waitForLedger = async (databaseUrl: string, pages: number, timeoutMs: number): Promise<void> => {
  const warehouse = connectWarehouse(databaseUrl, 1);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [row] = await warehouse.db.select({ loaded: count() }).from(sluiceLoadLedger);
      if ((row?.loaded ?? 0) >= pages) return;
      if (Date.now() > deadline)
        throw new Error(`the loader alone loaded ${row?.loaded} of ${pages} pages in time`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await warehouse.close();
  }
};

/**
 * The loader with nothing upstream to wait for: a finished run's processed pages are queued all at once,
 * then the loader's poller alone loads them into an empty database. What the load stage can do when it is
 * not starved, to set beside the plain-mysql2 ceiling.
 */
export const measureLoaderAlone = async (
  deployment: { env: CliEnv; platform: Platform },
  runId: string,
  options: { logDir: string; timeoutMs?: number },
): Promise<LoadThroughput> => {
  const server = new URL(deployment.env.DATABASE_URL);
  server.pathname = `/${databaseNameOf(deployment.env.DATABASE_URL)}_alone`;
  const databaseUrl = server.toString();
  await migrateWarehouse(databaseUrl);
  const messages = await rebuildLoadMessages(deployment.platform, runId);
  await sendMessages(deployment.platform.sqs, deployment.platform.queues.load.url, messages);
  const logFile = join(options.logDir, 'loader-alone.log');
  const loader = await startLoader(serviceEnvOf(deployment.env, { DATABASE_URL: databaseUrl }), logFile);
  try {
    await waitForLedger(databaseUrl, messages.length, options.timeoutMs ?? 30 * 60_000);
  } finally {
    await loader.stop();
    await deployment.platform.warehouse.db.execute(
      sql`drop database if exists ${sql.identifier(server.pathname.slice(1))}`,
    );
  }
  return throughputOf(readHandledPages(logFile, runId));
};
