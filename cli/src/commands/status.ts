import { RunIdSchema } from '@sluice/contracts';
import { readRunProgress } from '@sluice/warehouse';
import type { CliEnv } from '../config.ts';
import { compareConsumers } from '../consumers/compare-consumers.ts';
import { formatConsumers } from '../consumers/format-consumers.ts';
import { fingerprintOfServices } from '../consumers/services-fingerprint.ts';
import { loadCliPipelines } from '../pipelines/pipeline-catalogue.ts';
import { connectPlatform } from '../platform.ts';
import { readQueueDepths } from '../queue-depths.ts';
import { rideOutOutages } from '../ride-out-outages.ts';
import { formatRunReconciliation, readRunReconciliation } from '../run-reconciliation.ts';
import { formatRunSummary, summariseRun } from '../run-summary.ts';

/** What to say when there is no such run: a malformed id, or one this warehouse does not hold. */
const noRunLine = (runId: string | undefined, env: CliEnv): string => {
  if (!runId) return 'No runs yet: `npx sluice run rickandmorty`';
  if (!RunIdSchema.safeParse(runId).success) {
    return `${runId} is not a run id (they look like 20261125T150135Z-3fa9c2); \`npx sluice status\` shows the latest run, \`npx sluice pipelines\` each pipeline's last`;
  }
  const warehouse = new URL(env.DATABASE_URL);
  return `No run ${runId} in the warehouse at ${warehouse.host}${warehouse.pathname} (DATABASE_URL); \`npx sluice pipelines\` shows each pipeline's last run`;
};

/** `sluice status [runId]`: the latest run, or the one named, with the queues' and DLQs' depths. */
export const statusCommand = async (runId: string | undefined, env: CliEnv, options: { json?: boolean }) => {
  const platform = await connectPlatform(env);
  try {
    const outages = {
      limitSeconds: env.SLUICE_OUTAGE_LIMIT_SECONDS,
      onRetry: (line: string) => process.stderr.write(`${line}\n`),
    };
    const own = await fingerprintOfServices(env);
    const [progress, depths, consumers] = await Promise.all([
      rideOutOutages('warehouse', () => readRunProgress(platform.warehouse.db, runId), outages),
      rideOutOutages('queues', () => readQueueDepths(platform.sqs, platform.queues), outages),
      // Who polls the queues, and whether each works with the configuration `sluice services` would have.
      rideOutOutages('consumer registry', () => compareConsumers(platform, own), outages),
    ]);
    if (!progress) {
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ run: null, consumers }, null, 2)}\n`
          : `${noRunLine(runId, env)}\n${formatConsumers(consumers)}\n`,
      );
      if (runId) process.exitCode = 1;
      return;
    }
    const pipelines = await loadCliPipelines(env);
    const definition = pipelines.names().includes(progress.pipeline)
      ? pipelines.get(progress.pipeline)
      : { destination: {} };
    const summary = await summariseRun(platform.warehouse.db, definition, progress, depths, {
      seconds: null,
      bucket: platform.bucket,
    });
    // The run's pages per stage, and which of them wait in which DLQ (read without consuming them).
    const reconciliation = await readRunReconciliation(platform, progress);
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ ...summary, queues: depths, reconciliation, consumers }, null, 2)}\n`,
      );
      return;
    }
    const queues = Object.entries(depths)
      .map(([stage, depth]) => `${stage} ${depth.queue.waiting} waiting / ${depth.queue.inFlight} in flight`)
      .join(', ');
    process.stdout.write(
      `${formatRunSummary(summary)}\n${formatRunReconciliation(reconciliation)}\nQueues: ${queues}\n${formatConsumers(consumers)}\n`,
    );
  } finally {
    await platform.close();
  }
};
