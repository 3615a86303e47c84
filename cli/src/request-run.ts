import type { SQSClient } from '@aws-sdk/client-sqs';
import { MESSAGE_VERSION, newRunId, type RunId, type RunRequested, toSqlDatetime } from '@sluice/contracts';
import { type WarehouseDb, warehouseSchema } from '@sluice/loader';
import { type QueueUrls, sendMessage } from '@sluice/runtime';

/** Records a new run and asks the extractor to start it; returns its id. */
export const requestRun = async (
  deps: { sqs: SQSClient; queues: QueueUrls; db: WarehouseDb; clock: { now: () => Date } },
  pipeline: string,
  resources?: string[],
): Promise<RunId> => {
  const now = deps.clock.now();
  const runId = newRunId(now);
  await deps.db
    .insert(warehouseSchema.sluiceRuns)
    .values({ runId, pipeline, requestedAt: toSqlDatetime(now), status: 'running' });
  const message: RunRequested = {
    version: MESSAGE_VERSION,
    type: 'run.requested',
    runId,
    pipeline,
    requestedAt: now.toISOString(),
    ...(resources ? { resources } : {}),
  };
  await sendMessage(deps.sqs, deps.queues.extract.url, message);
  return runId;
};
