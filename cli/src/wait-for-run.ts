import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ConnectionSettings, QueueUrls } from '@sluice/runtime';
import {
  isFinalStatus,
  type RunProgress,
  readRunProgress,
  recordStalledRun,
  settleRun,
  type WarehouseDb,
} from '@sluice/warehouse';
import { pipelineIsIdle, type QueueDepths, readQueueDepths } from './queue-depths.ts';
import { type OutageOptions, rideOutOutages } from './ride-out-outages.ts';

export interface RunOutcome {
  progress: RunProgress;
  depths: QueueDepths;
  status: 'succeeded' | 'failed' | 'cancelled';
  seconds: number;
}

export interface WaitOptions {
  onProgress?: (progress: RunProgress, depths: QueueDepths) => void | Promise<void>;
  /** Told when the warehouse or the queues cannot be reached, while the wait rides it out. */
  onOutage?: (line: string) => void;
  /** The operator's settings, so that an outage's lines name the address and variable of what is down. */
  connection?: ConnectionSettings;
  outageLimitSeconds?: number;
  timeoutMs?: number;
  pollMs?: number;
}

// Idle must be seen this many times in a row: SQS depths are approximate, and a message moves between
// queues in between two reads.
const IDLE_READS_BEFORE_STALLED = 3;

/**
 * Follows a run until the ledger says it has ended: the loader marks it succeeded when its last page
 * commits, failed once a dead-lettered page leaves nothing of it in flight, and `sluice run cancel`
 * cancels it. The wait only reads; it rides out outages of the warehouse and of the queues. Should the
 * queues go quiet with the run still open (SQS moved a message to a DLQ by itself, with no report),
 * the ledger is told so and settles the run failed.
 */
export const waitForRun = async (
  deps: { db: WarehouseDb; sqs: SQSClient; queues: QueueUrls; clock: { now: () => Date } },
  runId: string,
  options: WaitOptions = {},
): Promise<RunOutcome> => {
  const started = deps.clock.now().getTime();
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const outages: OutageOptions = {
    ...(options.onOutage ? { onRetry: options.onOutage } : {}),
    ...(options.connection ? { settings: options.connection } : {}),
    ...(options.outageLimitSeconds !== undefined ? { limitSeconds: options.outageLimitSeconds } : {}),
  };
  let idleReads = 0;
  for (;;) {
    const [progress, depths] = await Promise.all([
      rideOutOutages('warehouse', () => readRunProgress(deps.db, runId), outages),
      rideOutOutages('queues', () => readQueueDepths(deps.sqs, deps.queues), outages),
    ]);
    if (!progress) throw new Error(`run ${runId} is not recorded in the warehouse`);
    await options.onProgress?.(progress, depths);
    const elapsed = deps.clock.now().getTime() - started;
    if (isFinalStatus(progress.status)) {
      const status = progress.status as RunOutcome['status'];
      return { progress, depths, status, seconds: elapsed / 1000 };
    }
    idleReads = pipelineIsIdle(depths) ? idleReads + 1 : 0;
    if (idleReads >= IDLE_READS_BEFORE_STALLED) {
      await rideOutOutages(
        'warehouse',
        async () => {
          const reason = 'the queues went idle with pages of the run missing and no failure reported';
          await recordStalledRun(deps.db, runId, reason, deps.clock.now());
          await settleRun(deps.db, runId, deps.clock.now());
        },
        outages,
      );
      idleReads = 0;
      continue;
    }
    if (elapsed > timeoutMs) {
      throw new Error(
        `run ${runId} did not finish within ${timeoutMs / 1000} s; \`sluice status ${runId}\` shows it`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
};
