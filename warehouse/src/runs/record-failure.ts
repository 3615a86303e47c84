import { type PageFailed, toSqlDatetime } from '@sluice/contracts';
import { sluiceRunFailures } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { recordRunIfNew } from './create-run.ts';

/**
 * Records a page a stage dead-lettered (once: a report delivered twice changes nothing) and the run it
 * belongs to, should the ledger not know it yet (a scheduled run whose first page failed).
 */
export const recordPageFailure = async (
  db: Executor,
  report: PageFailed,
  runResources: readonly string[],
): Promise<void> => {
  await recordRunIfNew(db, {
    runId: report.runId,
    pipeline: report.pipeline,
    resources: runResources,
    requestedAt: new Date(report.failedAt),
  });
  await db
    .insert(sluiceRunFailures)
    .ignore()
    .values({
      runId: report.runId,
      stage: report.stage,
      resource: report.resource ?? '',
      page: report.page ?? 0,
      pagesTotal: report.pagesTotal ?? null,
      reason: report.reason,
      failedAt: toSqlDatetime(new Date(report.failedAt)),
    });
};

/**
 * A run whose queues went quiet with pages missing and no failure reported: its missing pages were moved
 * to a DLQ by SQS itself (a process killed at every attempt) or lost. Recorded as a run-level failure,
 * so the run is settled `failed` with that reason; a replay that completes it still makes it succeed.
 */
export const recordStalledRun = async (db: Executor, runId: string, reason: string, now: Date) => {
  await db
    .insert(sluiceRunFailures)
    .ignore()
    .values({ runId, stage: 'idle', resource: '', page: 0, reason, failedAt: toSqlDatetime(now) });
};
