import { and, asc, between, eq, inArray, or, type SQL } from 'drizzle-orm';
import { sluiceRunPages } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { isoTimeOf } from './iso-time.ts';

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
  /** ISO 8601, UTC. */
  loadedAt: string;
}

/** A recorded page with what else the ledger keeps of it: where it came from and where its rejections are. */
export interface RunPageDetail extends RunPage {
  pagesTotal: number | null;
  /** Null for pages recorded before the ledger kept them. */
  url: string | null;
  contentHash: string | null;
  rejectedKey: string | null;
  cursor: string | null;
}

/** Which pages of a run to read: a range of page numbers (of every resource), and pages named besides. */
export interface RunPageWindow {
  pages: { from: number; to: number };
  /** Read whatever their number, e.g. the pages a stage dead-lettered, to know if they were loaded since. */
  also?: readonly { resource: string; page: number }[];
}

const pageColumns = {
  resource: sluiceRunPages.resource,
  page: sluiceRunPages.page,
  status: sluiceRunPages.status,
  recordsExtracted: sluiceRunPages.recordsExtracted,
  recordsRejected: sluiceRunPages.recordsRejected,
  recordsLoaded: sluiceRunPages.recordsLoaded,
  rowsWritten: sluiceRunPages.rowsWritten,
  loadedAt: sluiceRunPages.loadedAt,
};

const windowOf = (window: RunPageWindow): SQL | undefined =>
  or(
    between(sluiceRunPages.page, window.pages.from, window.pages.to),
    ...(window.also ?? []).map(({ resource, page }) =>
      and(eq(sluiceRunPages.resource, resource), eq(sluiceRunPages.page, page)),
    ),
  );

/**
 * The pages of a run the warehouse holds, by resource and page; with a window, only those in it, read
 * as ranges of the (run_id, resource, page) key, so a run of many thousand pages costs a screenful.
 */
export const readRunPages = async (
  db: Executor,
  runId: string,
  window?: RunPageWindow & { resources: readonly string[] },
): Promise<RunPage[]> => {
  const rows = await db
    .select(pageColumns)
    .from(sluiceRunPages)
    .where(
      and(
        eq(sluiceRunPages.runId, runId),
        // The resources named let the key's range cover (resource, page) rather than the whole run.
        window && window.resources.length > 0
          ? inArray(sluiceRunPages.resource, [...window.resources])
          : undefined,
        window ? windowOf(window) : undefined,
      ),
    )
    .orderBy(asc(sluiceRunPages.resource), asc(sluiceRunPages.page));
  return rows.map((row) => ({ ...row, loadedAt: isoTimeOf(row.loadedAt) }));
};

/** One page of a run as the ledger recorded it; undefined while it is not loaded or skipped. */
export const readRunPage = async (
  db: Executor,
  page: { runId: string; resource: string; page: number },
): Promise<RunPageDetail | undefined> => {
  const [row] = await db
    .select({
      ...pageColumns,
      pagesTotal: sluiceRunPages.pagesTotal,
      url: sluiceRunPages.url,
      contentHash: sluiceRunPages.contentHash,
      rejectedKey: sluiceRunPages.rejectedKey,
      cursor: sluiceRunPages.cursor,
    })
    .from(sluiceRunPages)
    .where(
      and(
        eq(sluiceRunPages.runId, page.runId),
        eq(sluiceRunPages.resource, page.resource),
        eq(sluiceRunPages.page, page.page),
      ),
    );
  return row && { ...row, loadedAt: isoTimeOf(row.loadedAt) };
};
