import { isFinalStatus } from '@sluice/warehouse';
import { readRejectedReport } from '../reports/rejected-report.ts';
import { isRunReport, readStatusReport } from '../reports/status-report.ts';
import type { ConsoleContext } from './context.ts';
import type { GridWindow } from './page-grid.ts';
import type { Reply } from './reply.ts';
import { readRunLive } from './run-live.ts';
import { openEventStream, streamChanges } from './sse.ts';
import { runLiveView } from './views/run-live-view.ts';
import { runSettledView } from './views/run-view.ts';

/** One update of a run's page: its live part always, its settled part when the status has changed. */
export interface RunUpdate {
  status: string;
  html: string;
  settled?: string;
}

// Every second while the run goes on; after it ends, now and then, for a replay that brings it back.
const intervalOf = (update: unknown): number =>
  isFinalStatus((update as RunUpdate | undefined)?.status ?? '') ? 3_000 : 1_000;

/**
 * Reads a run's updates: the live part from the ledger and the staged objects' names (cheap, every
 * tick); the dead letters, rejected records and tables only when the status moves on from `shown`, the
 * status the page was rendered at (reading the DLQs hides their messages for a moment).
 */
export const runUpdates = (context: ConsoleContext, runId: string, shown: string, window?: GridWindow) => {
  let settledAt = shown;
  return async (): Promise<RunUpdate> => {
    const live = await readRunLive(context.platform, runId, window);
    if (!live) throw new Error(`No run ${runId} in the warehouse`);
    const update: RunUpdate = { status: live.progress.status, html: runLiveView(live).value };
    if (live.progress.status === settledAt) return update;
    const [report, rejected] = await Promise.all([
      readStatusReport(context.platform, context.env, runId),
      readRejectedReport(context.platform, runId, { limit: 100 }),
    ]);
    if (!isRunReport(report)) return update;
    settledAt = live.progress.status;
    return { ...update, settled: runSettledView({ report, rejected }, context.csrfToken).value };
  };
};

/** The server-sent events of a run's page, until the page goes away. */
export const streamRunEvents = (
  context: ConsoleContext,
  runId: string,
  shown: string,
  window: GridWindow,
): Reply => ({
  kind: 'stream',
  start: (response) =>
    streamChanges(openEventStream(response), runUpdates(context, runId, shown, window), {
      event: 'run',
      intervalMs: intervalOf,
    }),
});
