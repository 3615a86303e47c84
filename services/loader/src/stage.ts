import type { StageDefinition } from '@sluice/runtime';
import { createLoaderProcess, type LoaderProcess } from './deps.ts';
import { type LoaderEnv, readLoaderEnv } from './env.ts';
import { type LoadResult, loadMessages } from './load-messages.ts';
import { holdThroughDatabaseOutages } from './wait-for-database.ts';

// A stop waits this long past the last long poll for the loads in hand (a page loads in well under a
// second), not for the database to return: messages held through an outage are released then.
const STOP_GRACE_SECONDS = 5;

/** The load stage, declared once; its poller and its Lambda handler both come from it. */
export const loaderStage: StageDefinition<'load', LoaderEnv, LoaderProcess, LoadResult> = {
  stage: 'load',
  service: 'loader',
  readEnv: () => readLoaderEnv(),
  createDeps: (env) => createLoaderProcess(env),
  handleBatch: (messages, loader) => loadMessages(messages, loader.deps),
  // The loader's counts are the run's (a redelivered page, already loaded, adds nothing), so the sums of
  // these metrics over a run equal what the run ledger says of it.
  metricsOf: (result) => ({
    PagesLoaded: result.status === 'loaded' ? 1 : 0,
    PagesSkipped: result.status === 'skipped' ? 1 : 0,
    RecordsRejected: result.recordsRejected,
    RowsWritten: result.rowsWritten,
  }),
  polling: (env) => ({
    batchSize: env.LOAD_BATCH_SIZE,
    consumers: env.LOAD_CONSUMERS,
    stopTimeoutSeconds: env.SQS_WAIT_TIME_SECONDS + STOP_GRACE_SECONDS,
  }),
  // While the database is down the poller holds its batch rather than spending the pages' retries, and
  // receives nothing more (sqs-consumer polls again only once a batch is settled). The Lambda face keeps
  // retries-then-DLQ: a function should not sit idle, billed, through an outage.
  holdInPoller: (handle, loader, log) =>
    holdThroughDatabaseOutages(handle, {
      ping: () => loader.warehouse.pool.query('select 1'),
      log,
      describeOutage: loader.describeOutage,
      checkAtStart: true,
    }),
};
