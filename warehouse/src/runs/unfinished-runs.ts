import { and, asc, eq, notInArray } from 'drizzle-orm';
import { sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { FINAL_STATUSES } from './run-status.ts';

/** The runs of a pipeline that have not ended (running, or failing with pages still in flight), oldest first. */
export const unfinishedRunsOf = async (db: Executor, pipeline: string): Promise<string[]> => {
  const rows = await db
    .select({ runId: sluiceRuns.runId })
    .from(sluiceRuns)
    .where(and(eq(sluiceRuns.pipeline, pipeline), notInArray(sluiceRuns.status, [...FINAL_STATUSES])))
    .orderBy(asc(sluiceRuns.requestedAt));
  return rows.map((row) => row.runId);
};
