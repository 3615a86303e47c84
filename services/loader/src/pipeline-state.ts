import type { S3Client } from '@aws-sdk/client-s3';
import {
  type CursorState,
  compareCursors,
  cursorStateKey,
  maxCursor,
  type PageState,
  pageStateKey,
  toSqlDatetime,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { writeStateObject } from '@sluice/runtime';
import { and, eq } from 'drizzle-orm';
import type { WarehouseDb } from './db/connect.ts';
import { sluiceCursors, sluiceRunPages, sluiceRuns } from './db/schema.ts';
import { upsertRows } from './db/upsert.ts';

/** What the loader copies to S3 for the extractor after a commit. */
export interface PublishedState {
  pageState?: PageState & { pipeline: string; resource: string; urlHash: string };
  cursor?: (CursorState & { pipeline: string; resource: string }) | null;
}

export const publishState = async (
  deps: { s3: S3Client; bucket: string },
  { pageState, cursor }: PublishedState,
): Promise<void> => {
  const writes: Promise<unknown>[] = [];
  if (pageState) {
    const { pipeline, resource, urlHash, url, contentHash, runId, loadedAt } = pageState;
    const state: PageState = { url, contentHash, runId, loadedAt };
    writes.push(writeStateObject(deps.s3, deps.bucket, pageStateKey(pipeline, resource, urlHash), state));
  }
  if (cursor) {
    const { pipeline, resource, value, runId, updatedAt } = cursor;
    const state: CursorState = { value, runId, updatedAt };
    writes.push(writeStateObject(deps.s3, deps.bucket, cursorStateKey(pipeline, resource), state));
  }
  await Promise.all(writes);
};

/**
 * Once a run has every page of an incremental resource, its high-water mark becomes the resource's cursor
 * (never moving backwards). Its own transaction, after the page's: the run's row is locked so that of two
 * loaders committing the last two pages at once, the later one sees both. Run again for a redelivered
 * page, so a loader that died between the two transactions is made good.
 */
export const completeResource = async (
  db: WarehouseDb,
  pipeline: PipelineDefinition,
  page: { runId: string; resource: string },
  now: Date,
): Promise<PublishedState['cursor']> => {
  if (!pipeline.incremental?.[page.resource]) return null;
  return db.transaction(async (tx) => {
    await tx
      .select({ runId: sluiceRuns.runId })
      .from(sluiceRuns)
      .where(eq(sluiceRuns.runId, page.runId))
      .for('update');
    const pages = await tx
      .select({ pagesTotal: sluiceRunPages.pagesTotal, cursor: sluiceRunPages.cursor })
      .from(sluiceRunPages)
      .where(and(eq(sluiceRunPages.runId, page.runId), eq(sluiceRunPages.resource, page.resource)));
    const total = Math.max(0, ...pages.map((row) => row.pagesTotal ?? 0));
    if (total === 0 || pages.length < total) return null;
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
    return { pipeline: pipeline.name, resource: page.resource, value, runId: page.runId, updatedAt };
  });
};
