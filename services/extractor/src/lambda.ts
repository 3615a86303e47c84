import type { ScheduledRun } from '@sluice/contracts';
import { createStageLambda } from '@sluice/runtime';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { requestScheduledRun } from './scheduled-run.ts';
import { extractorStage } from './stage.ts';

// Once per container: configuration is validated and clients are built before the first event.
const { handler: handleSqs, deps, log } = await createStageLambda(extractorStage);

const isSqsEvent = (event: unknown): event is SQSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as SQSEvent).Records);

/** SQS batches from the extract queue, or `{ "pipeline": "…" }` from an EventBridge schedule. */
export const handler = async (
  event: SQSEvent | ScheduledRun,
  context?: Pick<Context, 'awsRequestId'>,
): Promise<SQSBatchResponse | { runId: string; pipeline: string }> => {
  if (isSqsEvent(event)) return handleSqs(event, context);
  const run = await requestScheduledRun(event, deps);
  log.info({ ...run, requestId: context?.awsRequestId }, 'scheduled run requested');
  return run;
};
