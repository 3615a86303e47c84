import { type PageStaged, parseMessage } from '@sluice/contracts';
import { createBatcher, createLogger, pollingFrom, startPoller, stopOnSignals } from '@sluice/runtime';
import { createTransformerDeps } from './deps.ts';
import { readTransformerEnv } from './env.ts';
import { transformPages } from './transform.ts';

const env = readTransformerEnv();
const log = createLogger('transformer', { level: env.LOG_LEVEL });
const deps = await createTransformerDeps(env);
// The pages of one receive are written as one processed object.
const transformTogether = createBatcher((pages: PageStaged[]) => transformPages(pages, deps), {
  maxItems: env.TRANSFORM_BATCH_SIZE,
  lingerMs: 5,
});

const poller = startPoller({
  stage: 'transform',
  queues: deps.queues.transform,
  failureReportUrl: deps.queues.load.url,
  sqs: deps.sqs,
  log,
  batchSize: env.TRANSFORM_BATCH_SIZE,
  consumers: env.TRANSFORM_CONSUMERS,
  ...pollingFrom(env),
  handle: (body) => transformTogether(parseMessage('transform', body)),
});
stopOnSignals([poller], log, { stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT });
