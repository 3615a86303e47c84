import type { S3Client } from '@aws-sdk/client-s3';
import {
  type CursorState,
  compareCursors,
  cursorStateKey,
  maxCursor,
  type PageStates,
  pageStatesKey,
  toSqlDatetime,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { writeStateObject } from '@sluice/runtime';
import { and, count, eq, max } from 'drizzle-orm';
import type { WarehouseDb } from './db/connect.ts';
import { sluiceCursors, sluicePageState, sluiceRunPages, sluiceRuns } from './db/schema.ts';
import type { Executor } from './db/upsert.ts';
import { upsertRows } from './db/upsert.ts';

/** What the loader copies to S3 for the extractor, for one resource, after a commit. */
export interface PublishedState {
  pipeline: string;
  resource: string;
  /** All the resource's page hashes when a run has completed it; none when a load changed a page. */
  pageStates: PageStates;
  /** The incremental cursor, when a run completed the resource and moved it. */
  cursor: CursorState | null;
}

export const publishState = async (
  deps: { s3: S3Client; bucket: string },
  { pipeline, resource, pageStates, cursor }: PublishedState,
): Promise<void> => {
  await Promise.all([
    writeStateObject(deps.s3, deps.bucket, pageStatesKey(pipeline, resource), pageStates),
    ...(cursor ? [writeStateObject(deps.s3, deps.bucket, cursorStateKey(pipeline, resource), cursor)] : []),
  ]);
};

/**
 * The page hashes of a resource withdrawn, after a load changed a page before its run was complete: the
 * copy would otherwise still say the old content was loaded, and the next run would skip a page the
 * warehouse no longer has that way. Until a run completes the resource again, no page of it is skipped.
 */
export const withdrawnPageStates = (pipeline: string, resource: string, now: Date): PublishedState => ({
  pipeline,
  resource,
  pageStates: { version: 1, runId: null, updatedAt: now.toISOString(), pages: {} },
  cursor: null,
});

/**
 * Once a run has every page of a resource, what the extractor needs for the next run: the content hash
 * last loaded for every URL of the resource (one object, not one per page), and for an incremental
 * resource the run's high-water mark as its cursor (never moving backwards). Null until then. Its own
 * transaction, after the pages'; run again for a redelivered page, so a loader that died between the two
 * transactions is made good.
 */
export const completeResource = async (
  db: WarehouseDb,
  pipeline: PipelineDefinition,
  page: { runId: string; resource: string },
  now: Date,
): Promise<PublishedState | null> =>
  db.transaction(async (tx) => {
    const incremental = Boolean(pipeline.incremental?.[page.resource]);
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
      .where(and(eq(sluicePageState.pipeline, pipeline.name), eq(sluicePageState.resource, page.resource)));
    return {
      pipeline: pipeline.name,
      resource: page.resource,
      pageStates: {
        version: 1,
        runId: page.runId,
        updatedAt: now.toISOString(),
        pages: Object.fromEntries(states.map(({ urlHash, contentHash }) => [urlHash, contentHash])),
      },
      cursor: incremental ? await moveCursor(tx, pipeline, page, now) : null,
    };
  });

/** The run's high-water mark of the resource becomes its cursor, if it is ahead of the cursor. */
const moveCursor = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  page: { runId: string; resource: string },
  now: Date,
): Promise<CursorState | null> => {
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
    .where(and(eq(sluiceCursors.pipeline, pipeline.name), eq(sluiceCursors.resource, page.resource)));
  if (current && compareCursors(value, JSON.parse(current.value) as string | number) <= 0) return null;
  const updatedAt = toSqlDatetime(now);
  await upsertRows(tx, sluiceCursors, [
    {
      pipeline: pipeline.name,
      resource: page.resource,
      value: JSON.stringify(value),
      runId: page.runId,
      updatedAt,
    },
  ]);
  return { value, runId: page.runId, updatedAt };
};
