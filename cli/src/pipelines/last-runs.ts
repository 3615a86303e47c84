import { describeConnectionFailure } from '@sluice/runtime';
import {
  connectWarehouse,
  isoTimeOf,
  isoTimeOrNull,
  type ResourceCursor,
  readCursors,
  warehouseSchema,
  withDatabase,
} from '@sluice/warehouse';
import { desc, eq } from 'drizzle-orm';

const { sluiceRuns } = warehouseSchema;

export interface LastRun {
  runId: string;
  status: string;
  /** ISO 8601, UTC, as every time the CLI prints. */
  requestedAt: string;
  finishedAt: string | null;
}

export type LastRuns =
  /** `cursors`: each pipeline's incremental cursors, by resource (none for a resource never completed). */
  | { reachable: true; runs: Map<string, LastRun>; cursors: Map<string, ResourceCursor[]> }
  /** `why`: 'database unreachable', or 'warehouse not migrated' when the server answered without it. */
  | { reachable: false; why: string; reason: string };

// The server answered, but the warehouse is not there (yet): a different fix from a server that is down.
const NOT_MIGRATED = new Set(['ER_BAD_DB_ERROR', 'ER_NO_SUCH_TABLE']);

/**
 * The latest run of each pipeline, from the warehouse's `sluice_runs`, and its cursors. Only the database is needed (not
 * the queues), and a database that does not answer is a fact to show, not a reason to fail the listing.
 */
export const readLastRuns = async (databaseUrl: string, pipelines: readonly string[]): Promise<LastRuns> => {
  const warehouse = connectWarehouse(withDatabase(databaseUrl), 1);
  try {
    const latest = await Promise.all(
      pipelines.map(async (pipeline) => {
        const [run] = await warehouse.db
          .select({
            runId: sluiceRuns.runId,
            status: sluiceRuns.status,
            requestedAt: sluiceRuns.requestedAt,
            finishedAt: sluiceRuns.finishedAt,
          })
          .from(sluiceRuns)
          .where(eq(sluiceRuns.pipeline, pipeline))
          .orderBy(desc(sluiceRuns.requestedAt))
          .limit(1);
        const last = run && {
          ...run,
          requestedAt: isoTimeOf(run.requestedAt),
          finishedAt: isoTimeOrNull(run.finishedAt),
        };
        return [pipeline, last] as const;
      }),
    );
    const runs = new Map(latest.filter((entry): entry is [string, LastRun] => entry[1] !== undefined));
    const cursors = new Map<string, ResourceCursor[]>();
    for (const cursor of await readCursors(warehouse.db, pipelines)) {
      cursors.set(cursor.pipeline, [...(cursors.get(cursor.pipeline) ?? []), cursor]);
    }
    return { reachable: true, runs, cursors };
  } catch (error) {
    // Drizzle wraps the driver's error ("Failed query: …"); the driver's says what went wrong.
    const cause = ((error as { cause?: unknown }).cause ?? error) as Error & { code?: string };
    const why = NOT_MIGRATED.has(cause.code ?? '') ? 'warehouse not migrated' : 'database unreachable';
    const unreachable = describeConnectionFailure(error, { DATABASE_URL: databaseUrl });
    return { reachable: false, why, reason: unreachable ?? cause.message };
  } finally {
    await warehouse.close().catch(() => undefined);
  }
};
