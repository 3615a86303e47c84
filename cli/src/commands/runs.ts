import { connectWarehouse, withDatabase } from '@sluice/warehouse';
import type { CliEnv } from '../config.ts';
import { jsonText } from '../reports/json-text.ts';
import { type RunsReport, readRunsReport, runFilterOf } from '../reports/runs-report.ts';
import { textTable } from '../text-table.ts';

const pagesCell = ({ pages }: RunsReport['runs'][number]): string =>
  `${pages.loaded}/${pages.total ?? '?'}${pages.skipped > 0 ? ` (${pages.skipped} skipped)` : ''}`;

/** The listing a person reads: one row a run, newest first. */
export const formatRunsReport = (report: RunsReport): string => {
  if (report.runs.length === 0) return 'No runs (`npx sluice run <pipeline>` starts one)';
  return textTable([
    ['run', 'pipeline', 'status', 'requested (UTC)', 'took', 'pages', 'records', 'rejected'],
    ...report.runs.map((run) => [
      run.runId,
      run.pipeline,
      run.status,
      run.requestedAt.replace('T', ' ').slice(0, 19),
      run.seconds === null ? '-' : `${run.seconds.toFixed(1)} s`,
      pagesCell(run),
      String(run.records.extracted),
      String(run.records.rejected),
    ]),
  ]);
};

/** The command that lists the runs after these, with the same filter. */
const nextCommandOf = (report: RunsReport, options: { pipeline?: string; status?: string; limit?: string }) =>
  [
    'npx sluice runs',
    options.pipeline && `--pipeline ${options.pipeline}`,
    options.status && `--status ${options.status}`,
    options.limit && `--limit ${options.limit}`,
    `--before ${report.next}`,
  ]
    .filter(Boolean)
    .join(' ');

/** `sluice runs [--pipeline P] [--status S] [--limit N] [--before R] [--json]`: the latest runs, newest first. */
export const runsCommand = async (
  env: CliEnv,
  options: { pipeline?: string; status?: string; limit?: string; before?: string; json?: boolean },
) => {
  const filter = runFilterOf(options);
  // Only the warehouse: listing runs needs neither the queues nor the bucket.
  const warehouse = connectWarehouse(withDatabase(env.DATABASE_URL), 1);
  try {
    const report = await readRunsReport(warehouse.db, filter);
    const more = report.next ? `\nOlder runs: \`${nextCommandOf(report, options)}\`\n` : '';
    process.stdout.write(options.json ? jsonText(report) : `${formatRunsReport(report)}\n${more}`);
  } finally {
    await warehouse.close();
  }
};
