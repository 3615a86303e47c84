import { type LoadMessage, parseMessage } from '@sluice/contracts';
import { createBatcher, createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
import { createLoaderProcess } from './deps.ts';
import { readLoaderEnv } from './env.ts';
import { loadMessages } from './load-messages.ts';
import { holdThroughDatabaseOutages } from './wait-for-database.ts';

// A stop waits this long past the last long poll for the loads in hand (a page loads in well under a
// second), not for the database to return: messages held through an outage are released then.
const STOP_GRACE_SECONDS = 5;

const env = readLoaderEnv();
const log = createLogger('loader', { level: env.LOG_LEVEL });
const loader = await createLoaderProcess(env);
// The messages of one receive load in one transaction.
const loadTogether = createBatcher((messages: LoadMessage[]) => loadMessages(messages, loader.deps), {
  maxItems: env.LOAD_BATCH_SIZE,
  lingerMs: 5,
});

const poller = startPoller({
  stage: 'load',
  queues: loader.queues.load,
  failureReportUrl: loader.queues.load.url,
  sqs: loader.sqs,
  log,
  batchSize: env.LOAD_BATCH_SIZE,
  consumers: env.LOAD_CONSUMERS,
  ...pollingFrom(env),
  stopTimeoutSeconds: env.SQS_WAIT_TIME_SECONDS + STOP_GRACE_SECONDS,
  // While the database is down the loader holds its batch rather than spending the pages' retries, and
  // receives nothing more (sqs-consumer polls again only once a batch is settled).
  handle: holdThroughDatabaseOutages((body) => loadTogether(parseMessage('load', body)), {
    ping: () => loader.warehouse.pool.query('select 1'),
    log,
  }),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
