import { toSqlDatetime } from '@sluice/contracts';
import { type WarehouseDb, warehouseSchema } from '@sluice/loader';
import { desc, eq, max, sql, sum } from 'drizzle-orm';

const { sluiceRunPages, sluiceRuns } = warehouseSchema;

export interface ResourceProgress {
  resource: string;
  /** Unknown (null) until the first page of the resource is loaded. */
  pagesTotal: number | null;
  /** Pages done: loaded, or skipped because unchanged since they were last loaded. */
  pagesLoaded: number;
  pagesSkipped: number;
  recordsExtracted: number;
  recordsRejected: number;
  recordsLoaded: number;
  rowsWritten: number;
}

export interface RunProgress {
  runId: string;
  pipeline: string;
  /** `running`, `failed` (idle with pages missing) or `succeeded`: always once every page is loaded. */
  status: string;
  requestedAt: string;
  finishedAt: string | null;
  resources: ResourceProgress[];
  /** Every page of every resource loaded. */
  complete: boolean;
}

const emptyProgress = (resource: string): ResourceProgress => ({
  resource,
  pagesTotal: null,
  pagesLoaded: 0,
  pagesSkipped: 0,
  recordsExtracted: 0,
  recordsRejected: 0,
  recordsLoaded: 0,
  rowsWritten: 0,
});

/** The latest run, or the one named; null when there is none. */
export const readRunProgress = async (db: WarehouseDb, runId?: string): Promise<RunProgress | null> => {
  const [run] = await db
    .select()
    .from(sluiceRuns)
    .where(runId ? eq(sluiceRuns.runId, runId) : undefined)
    .orderBy(desc(sluiceRuns.requestedAt))
    .limit(1);
  if (!run) return null;
  const loaded = await db
    .select({
      resource: sluiceRunPages.resource,
      pagesTotal: max(sluiceRunPages.pagesTotal),
      pagesLoaded: sql<number>`count(*)`.mapWith(Number),
      pagesSkipped: sql<number>`sum(${sluiceRunPages.status} = 'skipped')`.mapWith(Number),
      recordsExtracted: sum(sluiceRunPages.recordsExtracted).mapWith(Number),
      recordsRejected: sum(sluiceRunPages.recordsRejected).mapWith(Number),
      recordsLoaded: sum(sluiceRunPages.recordsLoaded).mapWith(Number),
      rowsWritten: sum(sluiceRunPages.rowsWritten).mapWith(Number),
    })
    .from(sluiceRunPages)
    .where(eq(sluiceRunPages.runId, run.runId))
    .groupBy(sluiceRunPages.resource);
  // Runs record what they extract; a run requested by a schedule, once its loader has recorded it.
  const expected = run.resources ? run.resources.split(',') : [];
  const names = [...new Set([...expected, ...loaded.map((row) => row.resource)])];
  const resources = names.map((name) => {
    const row = loaded.find((candidate) => candidate.resource === name);
    return row ? { ...row, pagesTotal: row.pagesTotal ?? null } : emptyProgress(name);
  });
  const complete = resources.every(
    ({ pagesTotal, pagesLoaded }) => pagesTotal !== null && pagesLoaded >= pagesTotal,
  );
  // The pages are the truth: a run marked failed (pages in a DLQ) completes once its dead letters are
  // replayed, whether or not anyone waits for it then, and it finished when its last page was loaded.
  const repaired = complete && run.status !== 'succeeded';
  return {
    runId: run.runId,
    pipeline: run.pipeline,
    status: complete ? 'succeeded' : run.status,
    requestedAt: run.requestedAt,
    finishedAt: repaired ? await readLastLoadedAt(db, run.runId) : run.finishedAt,
    resources,
    complete,
  };
};

const readLastLoadedAt = async (db: WarehouseDb, runId: string): Promise<string | null> => {
  const [row] = await db
    .select({ at: max(sluiceRunPages.loadedAt) })
    .from(sluiceRunPages)
    .where(eq(sluiceRunPages.runId, runId));
  return row?.at ?? null;
};

export const finishRun = async (db: WarehouseDb, runId: string, status: 'succeeded' | 'failed', at: Date) => {
  await db
    .update(sluiceRuns)
    .set({ status, finishedAt: toSqlDatetime(at) })
    .where(eq(sluiceRuns.runId, runId));
};
