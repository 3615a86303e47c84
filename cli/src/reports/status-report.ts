import { readRunProgress } from '@sluice/warehouse';
import type { CliEnv } from '../config.ts';
import type { ComparedConsumer } from '../consumers/compare-consumers.ts';
import { loadCliPipelines } from '../pipelines/pipeline-catalogue.ts';
import type { Platform } from '../platform.ts';
import { type QueueDepths, readQueueDepths } from '../queue-depths.ts';
import { type RunReconciliation, readRunReconciliation } from '../run-reconciliation.ts';
import { type RunSummary, summariseRun } from '../run-summary.ts';
import { readConsumersReport } from './consumers-report.ts';
import { type ReadGuard, readDirectly } from './read-guard.ts';
import { runSecondsOf } from './run-seconds.ts';

/** What `sluice status --json` prints and the console's `/api/runs/:id` serves. */
export type StatusReport =
  | { run: null; consumers: ComparedConsumer[] }
  | (RunSummary & { queues: QueueDepths; reconciliation: RunReconciliation; consumers: ComparedConsumer[] });

export const isRunReport = (report: StatusReport): report is Exclude<StatusReport, { run: null }> =>
  !('run' in report);

/**
 * The latest run, or the one named: its summary, its pages per stage and dead letters (read without
 * consuming them), the queues' depths and the live consumers. `{ run: null }` when there is no such run.
 */
export const readStatusReport = async (
  platform: Platform,
  env: CliEnv,
  runId: string | undefined,
  guard: ReadGuard = readDirectly,
): Promise<StatusReport> => {
  const [progress, depths, { consumers }] = await Promise.all([
    guard('warehouse', () => readRunProgress(platform.warehouse.db, runId)),
    guard('queues', () => readQueueDepths(platform.sqs, platform.queues)),
    // Who polls the queues, and whether each works with the configuration `sluice services` would have.
    guard('consumer registry', () => readConsumersReport(platform, env)),
  ]);
  if (!progress) return { run: null, consumers };
  const pipelines = await loadCliPipelines(env);
  const definition = pipelines.names().includes(progress.pipeline)
    ? pipelines.get(progress.pipeline)
    : { destination: {} };
  const summary = await summariseRun(platform.warehouse.db, definition, progress, depths, {
    // As `runs` gives it: from request to end, null while the run goes on.
    seconds: runSecondsOf(progress),
    bucket: platform.bucket,
    s3: platform.s3,
  });
  // The run's pages per stage, and which of them wait in which DLQ (read without consuming them).
  const reconciliation = await readRunReconciliation(platform, progress);
  return { ...summary, queues: depths, reconciliation, consumers };
};
