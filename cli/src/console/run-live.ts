import { type RunProgress, readRunPages, readRunProgress } from '@sluice/warehouse';
import type { Platform } from '../platform.ts';
import { type RunReconciliation, reconcileRun } from '../run-reconciliation.ts';
import { stagedPageKeys } from '../staged-pages.ts';
import {
  type GridWindow,
  gridOfRun,
  gridWindowFrom,
  ledgerDeadLettersOf,
  loadedSinceOf,
  type ResourceGrid,
  type StagedPages,
} from './page-grid.ts';

/** What a run's page shows live: its progress, its pages per stage, and a window of the grid of its pages. */
export interface RunLive {
  progress: RunProgress;
  reconciliation: RunReconciliation;
  grid: ResourceGrid[];
  window: GridWindow;
  /** The dead-lettered pages loaded since, as `resource/page`. */
  loadedSince: ReadonlySet<string>;
}

const readStagedPages = async (
  platform: Pick<Platform, 's3' | 'bucket'>,
  progress: RunProgress,
): Promise<StagedPages> => {
  const entries = await Promise.all(
    progress.resources.map(async ({ resource }) => {
      const address = { pipeline: progress.pipeline, resource, runId: progress.runId };
      const [raw, processed] = await Promise.all([
        stagedPageKeys(platform.s3, platform.bucket, 'raw', address),
        stagedPageKeys(platform.s3, platform.bucket, 'processed', address),
      ]);
      return [resource, { raw: new Set(raw.keys()), processed: new Set(processed.keys()) }] as const;
    }),
  );
  return Object.fromEntries(entries);
};

/**
 * A run as it is now, read cheaply enough to be read every second: the ledger (its totals, and only the
 * window's pages and the dead-lettered ones) and the staged objects' names, never the DLQs (listing them
 * hides their messages for a moment, from a replay too). Null when the warehouse has no such run.
 */
export const readRunLive = async (
  platform: Platform,
  runId: string,
  window: GridWindow = gridWindowFrom(1),
): Promise<RunLive | null> => {
  const progress = await readRunProgress(platform.warehouse.db, runId);
  if (!progress) return null;
  const [pages, staged] = await Promise.all([
    readRunPages(platform.warehouse.db, runId, {
      resources: progress.resources.map(({ resource }) => resource),
      pages: window,
      also: progress.failures,
    }),
    readStagedPages(platform, progress),
  ]);
  const grid = gridOfRun(progress, pages, staged, window);
  const loadedSince = loadedSinceOf(progress.failures, pages);
  const counts = Object.fromEntries(
    // Counted as `sluice status` counts them, so the two agree.
    Object.entries(staged).map(([resource, { raw, processed }]) => [
      resource,
      { raw: raw.size, processed: processed.size },
    ]),
  );
  const deadLetters = ledgerDeadLettersOf(runId, progress, loadedSince);
  return { progress, reconciliation: reconcileRun(progress, counts, deadLetters), grid, window, loadedSince };
};
