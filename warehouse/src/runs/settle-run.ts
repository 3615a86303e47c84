import { toSqlDatetime } from '@sluice/contracts';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { sluiceRunPages, sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { decideRunStatus, type ResourcePages } from './decide-run-status.ts';
import { readRunFailures } from './run-progress.ts';
import { isFinalStatus, type RunStatus } from './run-status.ts';

/**
 * Decides where a run is from what the ledger holds (its pages and its failures) and records it, with
 * when it finished. Called by the loader after a commit that completed a resource, after a stage
 * reported a dead-lettered page, and for every commit of a run that is failing: so a run ends on its
 * own, with nobody waiting for it. Returns the status, or null for a run the ledger does not know.
 */
export const settleRun = async (
  db: Executor,
  runId: string,
  now: Date,
  /** The pipeline's `rejections.failAt`: the share of a resource's records rejected that fails the run. */
  { failAt = 1 }: { failAt?: number } = {},
): Promise<RunStatus | null> => {
  const [run] = await db
    .select({ status: sluiceRuns.status, resources: sluiceRuns.resources })
    .from(sluiceRuns)
    .where(eq(sluiceRuns.runId, runId));
  if (!run) return null;
  const [pages, failures] = await Promise.all([
    db
      .select({
        resource: sluiceRunPages.resource,
        page: sluiceRunPages.page,
        total: sluiceRunPages.pagesTotal,
        extracted: sluiceRunPages.recordsExtracted,
        loaded: sluiceRunPages.recordsLoaded,
      })
      .from(sluiceRunPages)
      .where(eq(sluiceRunPages.runId, runId)),
    readRunFailures(db, runId),
  ]);
  const names = new Set([
    ...(run.resources ? run.resources.split(',') : []),
    ...pages.map((p) => p.resource),
  ]);
  const resources = [...names].map((resource): ResourcePages => {
    const own = pages.filter((page) => page.resource === resource);
    const totals = own.flatMap(({ total }) => (total === null ? [] : [total]));
    return {
      resource,
      pagesTotal: totals.length > 0 ? Math.max(...totals) : null,
      done: new Set(own.map(({ page }) => page)),
      records: {
        extracted: own.reduce((sum, page) => sum + page.extracted, 0),
        loaded: own.reduce((sum, page) => sum + page.loaded, 0),
      },
    };
  });
  const status = decideRunStatus(run.status, resources, failures, failAt);
  if (status !== run.status) {
    await db
      .update(sluiceRuns)
      .set({ status, finishedAt: isFinalStatus(status) ? toSqlDatetime(now) : null })
      // Never over a cancellation made in between.
      .where(and(eq(sluiceRuns.runId, runId), ne(sluiceRuns.status, 'cancelled')));
  }
  return status;
};

/** The runs among these that are failing or failed: each commit of theirs may settle them. */
export const runsAwaitingSettlement = async (db: Executor, runIds: readonly string[]): Promise<string[]> => {
  if (runIds.length === 0) return [];
  const rows = await db
    .select({ runId: sluiceRuns.runId, status: sluiceRuns.status })
    .from(sluiceRuns)
    .where(inArray(sluiceRuns.runId, [...runIds]));
  return rows.filter(({ status }) => status === 'failing' || status === 'failed').map(({ runId }) => runId);
};
