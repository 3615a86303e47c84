import { toSqlDatetime } from '@sluice/contracts';
import { and, eq, notInArray } from 'drizzle-orm';
import { sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { FINAL_STATUSES } from './run-status.ts';

/** What `cancelRun` did: cancelled the run, or found it ended already (and how), or no such run. */
export type CancelOutcome = { cancelled: true } | { cancelled: false; status: string } | null;

/**
 * Marks a run cancelled, unless it has ended already: its remaining messages are then acknowledged by
 * every stage without being worked on (they read the marker the CLI writes beside this), and the ledger
 * never settles it otherwise.
 */
export const cancelRun = async (db: Executor, runId: string, now: Date): Promise<CancelOutcome> => {
  const [run] = await db
    .select({ status: sluiceRuns.status })
    .from(sluiceRuns)
    .where(eq(sluiceRuns.runId, runId));
  if (!run) return null;
  if (FINAL_STATUSES.has(run.status)) return { cancelled: false, status: run.status };
  await db
    .update(sluiceRuns)
    .set({ status: 'cancelled', finishedAt: toSqlDatetime(now) })
    .where(and(eq(sluiceRuns.runId, runId), notInArray(sluiceRuns.status, [...FINAL_STATUSES])));
  return { cancelled: true };
};
