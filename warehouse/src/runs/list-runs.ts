import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { sluiceRunPages, sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { isoTimeOf, isoTimeOrNull } from './iso-time.ts';
import { resourceTotalsColumns } from './run-progress.ts';

export interface RunListFilter {
  pipeline?: string;
  status?: string;
  /** The newest this many; the listing is paged so that a long history costs one small query. */
  limit: number;
  /**
   * Only runs listed after this one (older, or as old with a smaller id): the next page of a listing,
   * read by keyset on the (requested_at, run_id) index. A time alone: runs requested before it.
   */
  before?: { requestedAt: string; runId?: string };
}

/** One run in a listing: what was asked, where it is, and its pages and records so far. */
export interface RunListing {
  runId: string;
  pipeline: string;
  status: string;
  /** ISO 8601, UTC. */
  requestedAt: string;
  /** ISO 8601, UTC; null while the run has not ended. */
  finishedAt: string | null;
  /** `total` is null until every resource of the run has said how many pages it has. */
  pages: { loaded: number; skipped: number; total: number | null };
  records: { extracted: number; rejected: number; loaded: number };
}

const beforeOf = ({ requestedAt, runId }: NonNullable<RunListFilter['before']>): SQL | undefined =>
  runId === undefined
    ? lt(sluiceRuns.requestedAt, requestedAt)
    : or(
        lt(sluiceRuns.requestedAt, requestedAt),
        and(eq(sluiceRuns.requestedAt, requestedAt), lt(sluiceRuns.runId, runId)),
      );

const whereOf = (filter: RunListFilter): SQL | undefined =>
  and(
    filter.pipeline === undefined ? undefined : eq(sluiceRuns.pipeline, filter.pipeline),
    filter.status === undefined ? undefined : eq(sluiceRuns.status, filter.status),
    filter.before === undefined ? undefined : beforeOf(filter.before),
  );

/**
 * When a run was requested, for paging a listing past it; undefined when there is no such run. As the
 * ledger keeps it, not ISO: it goes back into the listing's query.
 */
export const runRequestedAt = async (db: Executor, runId: string): Promise<string | undefined> => {
  const [run] = await db
    .select({ requestedAt: sluiceRuns.requestedAt })
    .from(sluiceRuns)
    .where(eq(sluiceRuns.runId, runId));
  return run?.requestedAt;
};

/** Per run and resource: its pages and records, summed over the pages loaded so far. */
const readResourceTotals = (db: Executor, runIds: string[]) =>
  db
    .select({ runId: sluiceRunPages.runId, ...resourceTotalsColumns() })
    .from(sluiceRunPages)
    .where(inArray(sluiceRunPages.runId, runIds))
    .groupBy(sluiceRunPages.runId, sluiceRunPages.resource);

/** The newest runs first, filtered by pipeline and status, each with its pages and records so far. */
export const listRuns = async (db: Executor, filter: RunListFilter): Promise<RunListing[]> => {
  const runs = await db
    .select()
    .from(sluiceRuns)
    .where(whereOf(filter))
    .orderBy(desc(sluiceRuns.requestedAt), desc(sluiceRuns.runId))
    .limit(filter.limit);
  if (runs.length === 0) return [];
  const totals = await readResourceTotals(
    db,
    runs.map((run) => run.runId),
  );
  return runs.map((run) => {
    const own = totals.filter((row) => row.runId === run.runId);
    const expected = run.resources ? run.resources.split(',') : own.map((row) => row.resource);
    const known = expected.every((resource) =>
      own.some((row) => row.resource === resource && row.pagesTotal !== null),
    );
    const add = (pick: (row: (typeof own)[number]) => number) => own.reduce((sum, row) => sum + pick(row), 0);
    return {
      runId: run.runId,
      pipeline: run.pipeline,
      status: run.status,
      requestedAt: isoTimeOf(run.requestedAt),
      finishedAt: isoTimeOrNull(run.finishedAt),
      pages: {
        loaded: add((row) => row.pagesLoaded),
        skipped: add((row) => row.pagesSkipped),
        total: known ? add((row) => row.pagesTotal ?? 0) : null,
      },
      records: {
        extracted: add((row) => row.recordsExtracted),
        rejected: add((row) => row.recordsRejected),
        loaded: add((row) => row.recordsLoaded),
      },
    };
  });
};
