import type { SQSClient } from '@aws-sdk/client-sqs';
import { newRunId, type RunId, runRequested } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type QueueUrls, sendMessage } from '@sluice/runtime';
import { createRun, type WarehouseDb } from '@sluice/warehouse';

export interface RunRequestOptions {
  /** Only these resources; all of the pipeline's when absent. */
  resources?: string[];
  /** Ignore incremental cursors and the hashes of pages loaded before. */
  fullRefresh?: boolean;
}

/** Records a new run (with the resources it will extract) and asks the extractor to start it. */
export const requestRun = async (
  deps: { sqs: SQSClient; queues: QueueUrls; db: WarehouseDb; clock: { now: () => Date } },
  pipeline: PipelineDefinition,
  options: RunRequestOptions = {},
): Promise<RunId> => {
  const declared = Object.keys(pipeline.source.resources);
  const unknown = (options.resources ?? []).filter((resource) => !declared.includes(resource));
  if (unknown.length > 0) {
    throw new Error(
      `pipeline ${pipeline.name} has no resource ${unknown.join(', ')}; it has ${declared.join(', ')}`,
    );
  }
  const now = deps.clock.now();
  const runId = newRunId(now);
  await createRun(deps.db, {
    runId,
    pipeline: pipeline.name,
    resources: options.resources ?? declared,
    requestedAt: now,
  });
  const message = runRequested({ runId, pipeline: pipeline.name, requestedAt: now, ...options });
  await sendMessage(deps.sqs, deps.queues.extract.url, message);
  return runId;
};
