import { type LoadMessage, parseMessage } from '@sluice/contracts';
import { createBatcher, createLogger, createSqsLambdaHandler, failurePolicyFrom } from '@sluice/runtime';
import { createLoaderProcess } from './deps.ts';
import { readLoaderEnv } from './env.ts';
import { loadMessages } from './load-messages.ts';

// Once per container: the secret is read and the pool is opened before the first event, and reused.
const env = readLoaderEnv();
const log = createLogger('loader', { level: env.LOG_LEVEL });
const loader = await createLoaderProcess(env);
// The records of one SQS batch load in one transaction (Powertools handles them concurrently).
const loadTogether = createBatcher((messages: LoadMessage[]) => loadMessages(messages, loader.deps), {
  maxItems: 10,
  lingerMs: 5,
});

export const handler = createSqsLambdaHandler({
  stage: 'load',
  queues: loader.queues.load,
  failureReportUrl: loader.queues.load.url,
  sqs: loader.sqs,
  log,
  ...failurePolicyFrom(env),
  handle: (body) => loadTogether(parseMessage('load', body)),
});
