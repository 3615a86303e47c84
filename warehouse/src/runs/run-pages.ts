import { asc, eq } from 'drizzle-orm';
import { sluiceRunPages } from '../schema.ts';
import type { Executor } from '../upsert.ts';

/** One page of a run the loader has recorded: loaded, or skipped as unchanged. */
export interface RunPage {
  resource: string;
  page: number;
  /** `loaded` or `skipped`. */
  status: string;
  recordsExtracted: number;
  recordsRejected: number;
  recordsLoaded: number;
  rowsWritten: number;
  loadedAt: string;
}

/** The pages of a run the warehouse holds, by resource and page. */
export const readRunPages = (db: Executor, runId: string): Promise<RunPage[]> =>
  db
    .select({
      resource: sluiceRunPages.resource,
      page: sluiceRunPages.page,
      status: sluiceRunPages.status,
      recordsExtracted: sluiceRunPages.recordsExtracted,
      recordsRejected: sluiceRunPages.recordsRejected,
      recordsLoaded: sluiceRunPages.recordsLoaded,
      rowsWritten: sluiceRunPages.rowsWritten,
      loadedAt: sluiceRunPages.loadedAt,
    })
    .from(sluiceRunPages)
    .where(eq(sluiceRunPages.runId, runId))
    .orderBy(asc(sluiceRunPages.resource), asc(sluiceRunPages.page));
