import { type ExtractMessage, parseMessage, type ScheduledRun } from '@sluice/contracts';
import { createBatcher, createLogger, createSqsLambdaHandler, failurePolicyFrom } from '@sluice/runtime';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createExtractorDeps } from './deps.ts';
import { readExtractorEnv } from './env.ts';
import { extractMessages } from './extract.ts';
import { requestScheduledRun } from './scheduled-run.ts';

// Once per container: configuration is validated and clients are built before the first event.
const env = readExtractorEnv();
const log = createLogger('extractor', { level: env.LOG_LEVEL });
const deps = await createExtractorDeps(env);
// The records of one SQS batch (Powertools handles them concurrently) are staged as one raw object.
const extractTogether = createBatcher((messages: ExtractMessage[]) => extractMessages(messages, deps), {
  maxItems: 10,
  lingerMs: 5,
});

const handleSqs = createSqsLambdaHandler({
  stage: 'extract',
  queues: deps.queues.extract,
  failureReportUrl: deps.queues.load.url,
  sqs: deps.sqs,
  log,
  ...failurePolicyFrom(env),
  handle: (body) => extractTogether(parseMessage('extract', body)),
});

const isSqsEvent = (event: unknown): event is SQSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as SQSEvent).Records);

/** SQS batches from the extract queue, or `{ "pipeline": "…" }` from an EventBridge schedule. */
export const handler = async (
  event: SQSEvent | ScheduledRun,
  context: Context,
): Promise<SQSBatchResponse | { runId: string; pipeline: string }> => {
  if (isSqsEvent(event)) return handleSqs(event, context);
  const run = await requestScheduledRun(event, deps);
  log.info(run, 'scheduled run requested');
  return run;
};
