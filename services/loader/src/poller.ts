import { parseMessage } from '@sluice/contracts';
import { createLogger, startPoller, stopOnSignals } from '@sluice/runtime';
import { createLoaderProcess } from './deps.ts';
import { readLoaderEnv } from './env.ts';
import { handleLoadMessage } from './load.ts';

const env = readLoaderEnv();
const log = createLogger('loader', { level: env.LOG_LEVEL });
const loader = await createLoaderProcess(env);

const poller = startPoller({
  stage: 'load',
  queues: loader.queues.load,
  sqs: loader.sqs,
  log,
  batchSize: env.LOAD_BATCH_SIZE,
  consumers: env.LOAD_CONSUMERS,
  waitTimeSeconds: env.SQS_WAIT_TIME_SECONDS,
  visibilityTimeoutSeconds: env.SQS_VISIBILITY_TIMEOUT_SECONDS,
  maxAttempts: env.SLUICE_MAX_ATTEMPTS,
  retryBaseSeconds: env.SLUICE_RETRY_BASE_SECONDS,
  handle: (body) => handleLoadMessage(parseMessage('load', body), loader.deps),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
