import { parseMessage } from '@sluice/contracts';
import { createLogger, createSqsLambdaHandler, failurePolicyFrom } from '@sluice/runtime';
import { createTransformerDeps } from './deps.ts';
import { readTransformerEnv } from './env.ts';
import { handleTransformMessage } from './transform.ts';

// Once per container: configuration is validated and clients are built before the first event.
const env = readTransformerEnv();
const log = createLogger('transformer', { level: env.LOG_LEVEL });
const deps = await createTransformerDeps(env);

export const handler = createSqsLambdaHandler({
  stage: 'transform',
  queues: deps.queues.transform,
  sqs: deps.sqs,
  log,
  ...failurePolicyFrom(env),
  handle: (body) => handleTransformMessage(parseMessage('transform', body), deps),
});
