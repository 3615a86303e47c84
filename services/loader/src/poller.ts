import { parseMessage } from '@sluice/contracts';
import { createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
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
  ...pollingFrom(env),
  handle: (body) => handleLoadMessage(parseMessage('load', body), loader.deps),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
