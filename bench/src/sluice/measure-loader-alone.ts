import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type CliEnv, type Platform, serviceEnvOf, stagedPageKeys } from '@sluice/cli';
import { MESSAGE_VERSION, type PageTransformed, sha256Hex } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { createOutbox } from '@sluice/runtime';
import { connectWarehouse, warehouseSchema } from '@sluice/warehouse';
import { and, count, eq, sql } from 'drizzle-orm';
import { prepareWarehouse } from '../prepare-warehouse.ts';
import { loaderAloneDatabaseOf } from './bench-deployment.ts';
import { type LoadThroughput, readHandledPages, throughputOf } from './stage-throughput.ts';
import { type LoaderProcess, startLoader } from './start-loader.ts';

const { sluiceLoadLedger, sluiceRunPages } = warehouseSchema;

/** The messages sent as the transformer sends them: in bundles, through the outbox. */
const queueAsTheTransformerDoes = async (sqs: SQSClient, queueUrl: string, messages: readonly unknown[]) => {
  const outbox = createOutbox(sqs);
  outbox.add(0, queueUrl, messages);
  const [sent] = await outbox.deliver([{ status: 'fulfilled', value: null }]);
  if (sent?.status === 'rejected') throw sent.reason;
};

/**
 * The load messages of a finished run, rebuilt from its per-page ledger (same counts and cursors) and
 * the names of its processed objects (same keys).
 */
const rebuildLoadMessages = async (
  platform: Platform,
  pipeline: PipelineDefinition,
  runId: string,
): Promise<PageTransformed[]> => {
  const pages = await platform.warehouse.db
    .select()
    .from(sluiceRunPages)
    .where(and(eq(sluiceRunPages.runId, runId), eq(sluiceRunPages.status, 'loaded')));
  const processedKeys = new Map(
    await Promise.all(
      Object.keys(pipeline.source.resources).map(
        async (resource) =>
          [
            resource,
            await stagedPageKeys(platform.s3, platform.bucket, 'processed', {
              pipeline: pipeline.name,
              resource,
              runId,
            }),
          ] as const,
      ),
    ),
  );
  return pages.map((page) => {
    const address = { pipeline: pipeline.name, resource: page.resource, runId, page: page.page };
    const processedKey = processedKeys.get(page.resource)?.get(page.page);
    if (!processedKey) {
      throw new Error(`no processed object holds ${page.resource} page ${page.page} of run ${runId}`);
    }
    // A page's URL and content hash only name it in the page state the loader records: any that are
    // distinct and stable do, since the loader alone writes into a database of its own.
    const url = `https://bench.invalid/${page.resource}?page=${page.page}`;
    const identity = { url, contentHash: sha256Hex(`${runId} ${url}`) };
    return {
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      ...address,
      ...identity,
      pagesTotal: page.pagesTotal,
      processedKey,
      rejectedKey: page.rejectedKey,
      records: {
        extracted: page.recordsExtracted,
        valid: page.recordsLoaded,
        rejected: page.recordsRejected,
      },
      rows: {},
      cursor: page.cursor === null ? null : (JSON.parse(page.cursor) as string | number),
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
  pipeline: PipelineDefinition,
  runId: string,
  options: { logDir: string; timeoutMs?: number },
): Promise<LoadThroughput> => {
  const server = new URL(deployment.env.DATABASE_URL);
  server.pathname = `/${loaderAloneDatabaseOf(deployment.env)}`;
  const databaseUrl = server.toString();
  const messages = await rebuildLoadMessages(deployment.platform, pipeline, runId);
  const logFile = join(options.logDir, 'loader-alone.log');
  let loader: LoaderProcess | undefined;
  try {
    await prepareWarehouse(databaseUrl, pipeline);
    await queueAsTheTransformerDoes(deployment.platform.sqs, deployment.platform.queues.load.url, messages);
    loader = await startLoader(serviceEnvOf(deployment.env, { DATABASE_URL: databaseUrl }), logFile);
    const exited = loader.exited.then((code): never => {
      throw new Error(`the loader alone stopped unexpectedly (code ${code}); see ${logFile}`);
    });
    await Promise.race([
      waitForLedger(databaseUrl, messages.length, options.timeoutMs ?? 30 * 60_000),
      exited,
    ]);
  } finally {
    await loader?.stop();
    await deployment.platform.warehouse.db.execute(
      sql`drop database if exists ${sql.identifier(server.pathname.slice(1))}`,
    );
  }
  return throughputOf(readHandledPages(logFile, runId));
};
