import {
  type CursorState,
  compareCursors,
  maxCursor,
  type PageStates,
  toSqlDatetime,
} from '@sluice/contracts';
import { and, count, eq, max } from 'drizzle-orm';
import type { WarehouseDb } from '../connect.ts';
import { sluiceCursors, sluicePageState, sluiceRunPages, sluiceRuns } from '../schema.ts';
import { type Executor, upsertRows } from '../upsert.ts';

/** A resource of a run, as completeResource takes it. */
export interface RunResource {
  pipeline: string;
  resource: string;
  runId: string;
  /** An incremental resource moves its cursor when complete. */
  incremental: boolean;
}

/** What the extractor needs for the next run of a resource a run has completed. */
export interface CompletedResource {
  pageStates: PageStates;
  /** The incremental cursor, when the run moved it. */
  cursor: CursorState | null;
}

/**
 * Once a run has every page of a resource, what the extractor needs for the next run: the content hash
 * last loaded for every URL of the resource (one object, not one per page), and for an incremental
 * resource the run's high-water mark as its cursor (never moving backwards). Null until then. Its own
 * transaction, after the pages'; run again for a redelivered page, so a loader that died between the two
 * transactions is made good.
 */
export const completeResource = async (
  db: WarehouseDb,
  page: RunResource,
  now: Date,
): Promise<CompletedResource | null> =>
  db.transaction(async (tx) => {
    const { incremental } = page;
    // Only a cursor needs the lock (two loaders must not move it at once). A check that runs after its
    // own commit sees every page committed before it, so of two loaders committing the last two pages,
    // the later one finds the resource complete either way; and publishing the hashes twice is harmless.
    if (incremental) {
      await tx
        .select({ runId: sluiceRuns.runId })
        .from(sluiceRuns)
        .where(eq(sluiceRuns.runId, page.runId))
        .for('update');
    }
    const ofRun = and(eq(sluiceRunPages.runId, page.runId), eq(sluiceRunPages.resource, page.resource));
    const [progress] = await tx
      .select({ pages: count(), total: max(sluiceRunPages.pagesTotal) })
      .from(sluiceRunPages)
      .where(ofRun);
    const total = progress?.total ?? 0;
    if (total === 0 || (progress?.pages ?? 0) < total) return null;
    const states = await tx
      .select({ urlHash: sluicePageState.urlHash, contentHash: sluicePageState.contentHash })
      .from(sluicePageState)
      .where(and(eq(sluicePageState.pipeline, page.pipeline), eq(sluicePageState.resource, page.resource)));
    return {
      pageStates: {
        version: 1,
        runId: page.runId,
        updatedAt: now.toISOString(),
        pages: Object.fromEntries(states.map(({ urlHash, contentHash }) => [urlHash, contentHash])),
      },
      cursor: incremental ? await moveCursor(tx, page, now) : null,
    };
  });

/** The run's high-water mark of the resource becomes its cursor, if it is ahead of the cursor. */
const moveCursor = async (tx: Executor, page: RunResource, now: Date): Promise<CursorState | null> => {
  const pages = await tx
    .select({ cursor: sluiceRunPages.cursor })
    .from(sluiceRunPages)
    .where(and(eq(sluiceRunPages.runId, page.runId), eq(sluiceRunPages.resource, page.resource)));
  const value = maxCursor(
    pages.map((row) => (row.cursor === null ? null : (JSON.parse(row.cursor) as string | number))),
  );
  if (value === null) return null;
  const [current] = await tx
    .select({ value: sluiceCursors.value })
    .from(sluiceCursors)
    .where(and(eq(sluiceCursors.pipeline, page.pipeline), eq(sluiceCursors.resource, page.resource)));
  if (current && compareCursors(value, JSON.parse(current.value) as string | number) <= 0) return null;
  const updatedAt = toSqlDatetime(now);
  await upsertRows(tx, sluiceCursors, [
    {
      pipeline: page.pipeline,
      resource: page.resource,
      value: JSON.stringify(value),
      runId: page.runId,
      updatedAt,
    },
  ]);
  return { value, runId: page.runId, updatedAt };
};
