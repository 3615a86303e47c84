import { parseMessage } from '@sluice/contracts';
import { createLogger, startPoller, stopOnSignals } from '@sluice/runtime';
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
  waitTimeSeconds: env.SQS_WAIT_TIME_SECONDS,
  visibilityTimeoutSeconds: env.SQS_VISIBILITY_TIMEOUT_SECONDS,
  maxAttempts: env.SLUICE_MAX_ATTEMPTS,
  retryBaseSeconds: env.SLUICE_RETRY_BASE_SECONDS,
  handle: (body) => handleTransformMessage(parseMessage('transform', body), deps),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
