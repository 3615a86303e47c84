import { asc, desc, eq, max, sql, sum } from 'drizzle-orm';
import { sluiceRunFailures, sluiceRunPages, sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import type { RunFailure } from './decide-run-status.ts';
import { isoTimeOf, isoTimeOrNull } from './iso-time.ts';

/**
 * One resource of a run, in the shape a run's own totals have (`pages`, `records`), so that a reader of
 * `--json` finds the same keys at both levels.
 */
export interface ResourceProgress {
  resource: string;
  pages: {
    /** Pages done: loaded, or skipped because unchanged since they were last loaded. */
    loaded: number;
    skipped: number;
    /** Unknown (null) until the first page of the resource is loaded. */
    total: number | null;
  };
  records: { extracted: number; rejected: number; loaded: number };
  rowsWritten: number;
}

export interface RunProgress {
  runId: string;
  pipeline: string;
  /** running, failing, succeeded, failed or cancelled, as the ledger decided (see decideRunStatus). */
  status: string;
  /** ISO 8601, UTC. */
  requestedAt: string;
  /** ISO 8601, UTC; null while the run has not ended. */
  finishedAt: string | null;
  resources: ResourceProgress[];
  /** Every page of every resource loaded. */
  complete: boolean;
  /** The pages a stage dead-lettered, with the reasons, oldest first. */
  failures: RunFailure[];
}

const emptyProgress = (resource: string): ResourceProgress => ({
  resource,
  pages: { loaded: 0, skipped: 0, total: null },
  records: { extracted: 0, rejected: 0, loaded: 0 },
  rowsWritten: 0,
});

/** A row of `resourceTotalsColumns` (plus rows written), nested as a resource's progress is. */
const progressOfTotals = (row: ResourceTotals & { rowsWritten: number }): ResourceProgress => ({
  resource: row.resource,
  pages: { loaded: row.pagesLoaded, skipped: row.pagesSkipped, total: row.pagesTotal ?? null },
  records: { extracted: row.recordsExtracted, rejected: row.recordsRejected, loaded: row.recordsLoaded },
  rowsWritten: row.rowsWritten,
});

/** A resource's pages and records in a run, summed over its pages loaded so far (grouped by resource). */
export const resourceTotalsColumns = () => ({
  resource: sluiceRunPages.resource,
  pagesTotal: max(sluiceRunPages.pagesTotal),
  pagesLoaded: sql<number>`count(*)`.mapWith(Number),
  pagesSkipped: sql<number>`sum(${sluiceRunPages.status} = 'skipped')`.mapWith(Number),
  recordsExtracted: sum(sluiceRunPages.recordsExtracted).mapWith(Number),
  recordsRejected: sum(sluiceRunPages.recordsRejected).mapWith(Number),
  recordsLoaded: sum(sluiceRunPages.recordsLoaded).mapWith(Number),
});

/** One resource's totals as the query returns them, flat (SQL has no nesting). */
interface ResourceTotals {
  resource: string;
  pagesTotal: number | null;
  pagesLoaded: number;
  pagesSkipped: number;
  recordsExtracted: number;
  recordsRejected: number;
  recordsLoaded: number;
}

/** The latest run, or the one named; null when there is none. */
export const readRunProgress = async (db: Executor, runId?: string): Promise<RunProgress | null> => {
  const [run] = await db
    .select()
    .from(sluiceRuns)
    .where(runId ? eq(sluiceRuns.runId, runId) : undefined)
    .orderBy(desc(sluiceRuns.requestedAt))
    .limit(1);
  if (!run) return null;
  const [loaded, failures] = await Promise.all([
    db
      .select({ ...resourceTotalsColumns(), rowsWritten: sum(sluiceRunPages.rowsWritten).mapWith(Number) })
      .from(sluiceRunPages)
      .where(eq(sluiceRunPages.runId, run.runId))
      .groupBy(sluiceRunPages.resource),
    readRunFailures(db, run.runId),
  ]);
  // Runs record what they extract; a run requested by a schedule, once its loader has recorded it.
  const expected = run.resources ? run.resources.split(',') : [];
  const names = [...new Set([...expected, ...loaded.map((row) => row.resource)])];
  const resources = names.map((name) => {
    const row = loaded.find((candidate) => candidate.resource === name);
    return row ? progressOfTotals(row) : emptyProgress(name);
  });
  return {
    runId: run.runId,
    pipeline: run.pipeline,
    status: run.status,
    requestedAt: isoTimeOf(run.requestedAt),
    finishedAt: isoTimeOrNull(run.finishedAt),
    resources,
    complete: resources.every(({ pages }) => pages.total !== null && pages.loaded >= pages.total),
    failures,
  };
};

/** The pages of a run that a stage dead-lettered, oldest first. */
export const readRunFailures = async (db: Executor, runId: string): Promise<RunFailure[]> => {
  const rows = await db
    .select({
      stage: sluiceRunFailures.stage,
      resource: sluiceRunFailures.resource,
      page: sluiceRunFailures.page,
      pagesTotal: sluiceRunFailures.pagesTotal,
      reason: sluiceRunFailures.reason,
      failedAt: sluiceRunFailures.failedAt,
    })
    .from(sluiceRunFailures)
    .where(eq(sluiceRunFailures.runId, runId))
    .orderBy(asc(sluiceRunFailures.failedAt));
  return rows.map(({ pagesTotal, failedAt, ...failure }) => ({
    ...failure,
    pages: { total: pagesTotal },
    failedAt: isoTimeOf(failedAt),
  }));
};
