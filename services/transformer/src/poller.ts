import { parseMessage } from '@sluice/contracts';
import { createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
import { createTransformerDeps } from './deps.ts';
import { readTransformerEnv } from './env.ts';
import { handleTransformMessage } from './transform.ts';

const env = readTransformerEnv();
const log = createLogger('transformer', { level: env.LOG_LEVEL });
const deps = await createTransformerDeps(env);

const poller = startPoller({
  stage: 'transform',
  queues: deps.queues.transform,
  sqs: deps.sqs,
  log,
  batchSize: env.TRANSFORM_BATCH_SIZE,
  consumers: env.TRANSFORM_CONSUMERS,
  ...pollingFrom(env),
  handle: (body) => handleTransformMessage(parseMessage('transform', body), deps),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
