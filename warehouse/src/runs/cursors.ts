import { asc, inArray } from 'drizzle-orm';
import { sluiceCursors } from '../schema.ts';
import type { Executor } from '../upsert.ts';
import { isoTimeOf } from './iso-time.ts';

/** An incremental resource's high-water mark, and the run that moved it there. */
export interface ResourceCursor {
  pipeline: string;
  resource: string;
  /** As the pages gave it: a string or a number. */
  value: string | number;
  runId: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

/** The cursors of these pipelines' incremental resources (none for a resource never completed). */
export const readCursors = async (db: Executor, pipelines: readonly string[]): Promise<ResourceCursor[]> => {
  if (pipelines.length === 0) return [];
  const rows = await db
    .select()
    .from(sluiceCursors)
    .where(inArray(sluiceCursors.pipeline, [...pipelines]))
    .orderBy(asc(sluiceCursors.pipeline), asc(sluiceCursors.resource));
  return rows.map((row) => ({
    ...row,
    value: JSON.parse(row.value) as string | number,
    updatedAt: isoTimeOf(row.updatedAt),
  }));
};
