import { sha256Hex } from '@sluice/contracts';
import { and, eq, inArray } from 'drizzle-orm';
import { sluicePageState, sluiceRunPages } from '../schema.ts';
import { type Executor, upsertRows } from '../upsert.ts';

/** A page as the ledger records it for its run. */
export type PageRecord = Omit<typeof sluiceRunPages.$inferInsert, 'loadedAt'>;

/** Records, per run, what each page held and what became of it: the source of `sluice status`. */
export const recordPages = (tx: Executor, pages: readonly PageRecord[], loadedAt: string) =>
  upsertRows(
    tx,
    sluiceRunPages,
    pages.map((page) => ({ ...page, loadedAt })),
  );

/** Whether the run has recorded the page already (loaded or skipped). */
export const isPageRecorded = async (
  tx: Executor,
  page: { runId: string; resource: string; page: number },
): Promise<boolean> => {
  const [recorded] = await tx
    .select({ status: sluiceRunPages.status })
    .from(sluiceRunPages)
    .where(
      and(
        eq(sluiceRunPages.runId, page.runId),
        eq(sluiceRunPages.resource, page.resource),
        eq(sluiceRunPages.page, page.page),
      ),
    );
  return recorded !== undefined;
};

/** The content hash last loaded for a URL of a resource; undefined when none was. */
export const loadedContentHash = async (
  tx: Executor,
  page: { pipeline: string; resource: string; url: string },
): Promise<string | undefined> => {
  const [known] = await tx
    .select({ contentHash: sluicePageState.contentHash })
    .from(sluicePageState)
    .where(
      and(
        eq(sluicePageState.pipeline, page.pipeline),
        eq(sluicePageState.resource, page.resource),
        eq(sluicePageState.urlHash, sha256Hex(page.url)),
      ),
    );
  return known?.contentHash;
};

export interface LoadedPageContent {
  pipeline: string;
  resource: string;
  url: string;
  contentHash: string;
  runId: string;
}

/**
 * Records the content hash loaded for each page's URL (all of one pipeline); says, per page, whether it
 * replaced other content.
 */
export const recordPageStates = async (
  tx: Executor,
  pages: readonly LoadedPageContent[],
  loadedAt: string,
): Promise<boolean[]> => {
  const [first] = pages;
  if (!first) return [];
  const states = pages.map((page) => ({
    pipeline: page.pipeline,
    resource: page.resource,
    urlHash: sha256Hex(page.url),
    contentHash: page.contentHash,
    runId: page.runId,
    loadedAt,
  }));
  const before = await tx
    .select({
      resource: sluicePageState.resource,
      urlHash: sluicePageState.urlHash,
      contentHash: sluicePageState.contentHash,
    })
    .from(sluicePageState)
    .where(
      and(
        eq(sluicePageState.pipeline, first.pipeline),
        inArray(
          sluicePageState.urlHash,
          states.map(({ urlHash }) => urlHash),
        ),
      ),
    );
  const previous = new Map(before.map((row) => [`${row.resource} ${row.urlHash}`, row.contentHash]));
  await upsertRows(tx, sluicePageState, states);
  return states.map((state) => {
    const was = previous.get(`${state.resource} ${state.urlHash}`);
    return was !== undefined && was !== state.contentHash;
  });
};
