import { type PageStaged, parseMessage } from '@sluice/contracts';
import { createBatcher, createLogger, createSqsLambdaHandler, failurePolicyFrom } from '@sluice/runtime';
import { createTransformerDeps } from './deps.ts';
import { readTransformerEnv } from './env.ts';
import { transformPages } from './transform.ts';

// Once per container: configuration is validated and clients are built before the first event.
const env = readTransformerEnv();
const log = createLogger('transformer', { level: env.LOG_LEVEL });
const deps = await createTransformerDeps(env);
// The records of one SQS batch (Powertools handles them concurrently) are written as one processed object.
const transformTogether = createBatcher((pages: PageStaged[]) => transformPages(pages, deps), {
  maxItems: 10,
  lingerMs: 5,
});

export const handler = createSqsLambdaHandler({
  stage: 'transform',
  queues: deps.queues.transform,
  failureReportUrl: deps.queues.load.url,
  sqs: deps.sqs,
  log,
  ...failurePolicyFrom(env),
  handle: (body) => transformTogether(parseMessage('transform', body)),
});
