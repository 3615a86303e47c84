import { RunIdSchema } from '@sluice/contracts';
import type { CliEnv } from '../config.ts';
import { formatConsumers } from '../consumers/format-consumers.ts';
import { connectPlatform } from '../platform.ts';
import { jsonText } from '../reports/json-text.ts';
import { isRunReport, readStatusReport } from '../reports/status-report.ts';
import { rideOutOutages } from '../ride-out-outages.ts';
import { formatRunReconciliation } from '../run-reconciliation.ts';
import { formatRunSummary } from '../run-summary.ts';

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
      settings: env,
    };
    const report = await readStatusReport(platform, env, runId, (what, read) =>
      rideOutOutages(what, read, outages),
    );
    if (options.json) process.stdout.write(jsonText(report));
    if (!isRunReport(report)) {
      if (!options.json)
        process.stdout.write(`${noRunLine(runId, env)}\n${formatConsumers(report.consumers)}\n`);
      if (runId) process.exitCode = 1;
      return;
    }
    if (options.json) return;
    const queues = Object.entries(report.queues)
      .map(([stage, depth]) => `${stage} ${depth.queue.waiting} waiting / ${depth.queue.inFlight} in flight`)
      .join(', ');
    process.stdout.write(
      `${formatRunSummary(report)}\n${formatRunReconciliation(report.reconciliation)}\nQueues: ${queues}\n${formatConsumers(report.consumers)}\n`,
    );
  } finally {
    await platform.close();
  }
};
