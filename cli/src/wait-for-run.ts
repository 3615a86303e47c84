import type { SQSClient } from '@aws-sdk/client-sqs';
import type { WarehouseDb } from '@sluice/loader';
import type { QueueUrls } from '@sluice/runtime';
import { pipelineIsIdle, type QueueDepths, readQueueDepths } from './queue-depths.ts';
import { finishRun, type RunProgress, readRunProgress } from './run-progress.ts';

export interface RunOutcome {
  progress: RunProgress;
  depths: QueueDepths;
  status: 'succeeded' | 'failed';
  seconds: number;
}

export interface WaitOptions {
  onProgress?: (progress: RunProgress, depths: QueueDepths) => void | Promise<void>;
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Waits until every page of the run is loaded (succeeded), or until the pipeline has gone idle with pages
 * missing (failed: they are in a DLQ). Idle must be seen twice in a row, because SQS depths are
 * approximate and a message moves between queues in between two reads.
 */
export const waitForRun = async (
  deps: { db: WarehouseDb; sqs: SQSClient; queues: QueueUrls; clock: { now: () => Date } },
  runId: string,
  options: WaitOptions = {},
): Promise<RunOutcome> => {
  const started = deps.clock.now().getTime();
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  let idleReads = 0;
  for (;;) {
    const [progress, depths] = await Promise.all([
      readRunProgress(deps.db, runId),
      readQueueDepths(deps.sqs, deps.queues),
    ]);
    if (!progress) throw new Error(`run ${runId} is not recorded in the warehouse`);
    await options.onProgress?.(progress, depths);
    idleReads = pipelineIsIdle(depths) ? idleReads + 1 : 0;
    const elapsed = deps.clock.now().getTime() - started;
    if (progress.complete || idleReads >= 2) {
      const status = progress.complete ? 'succeeded' : 'failed';
      await finishRun(deps.db, runId, status, deps.clock.now());
      return { progress: { ...progress, status }, depths, status, seconds: elapsed / 1000 };
    }
    if (elapsed > timeoutMs) {
      throw new Error(
        `run ${runId} did not finish within ${timeoutMs / 1000} s; \`sluice status ${runId}\` shows it`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
};
