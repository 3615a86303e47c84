import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import type { CliEnv } from '../config.ts';
import type { LastRun, LastRuns } from '../pipelines/last-runs.ts';
import { jsonText } from '../reports/json-text.ts';
import { pipelinesReportOf, readPipelinesState } from '../reports/pipelines-report.ts';

const describeRun = (run: LastRun | undefined, lastRuns: LastRuns): string => {
  if (!lastRuns.reachable) return `unknown (${lastRuns.why})`;
  if (!run) return 'never';
  const at = (time: string) => `${time.replace('T', ' ').slice(0, 19)} UTC`;
  if (run.status === 'running') return `running since ${at(run.requestedAt)} (${run.runId})`;
  return `${run.status} ${at(run.finishedAt ?? run.requestedAt)} (${run.runId})`;
};

const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** The listing a person reads: one row a pipeline, then what could not be shown and why. */
export const formatPipelineList = (
  pipelines: readonly { file: string; pipeline: PipelineDefinition }[],
  invalid: readonly string[],
  lastRuns: LastRuns,
): string => {
  const rows = pipelines.map(({ pipeline }) => [
    pipeline.name,
    pipeline.source.type,
    Object.keys(pipeline.source.resources).join(', '),
    pipeline.schedule,
    describeRun(lastRuns.reachable ? lastRuns.runs.get(pipeline.name) : undefined, lastRuns),
  ]);
  const lines = [table([['pipeline', 'source', 'resources', 'schedule', 'last run'], ...rows])];
  if (!lastRuns.reachable) {
    const fix = lastRuns.why === 'warehouse not migrated' ? '; `npx sluice stack up` migrates it' : '';
    lines.push(`Last runs unknown, ${lastRuns.why}: ${lastRuns.reason}${fix}`);
  }
  if (invalid.length > 0)
    lines.push(`Invalid, not listed: ${invalid.join(', ')} (\`npx sluice validate\` says why)`);
  return `${lines.join('\n')}\n`;
};

/** `sluice pipelines [--json]`: each pipeline file with its source, resources, schedule and last run. */
export const pipelinesCommand = async (env: CliEnv, options: { json?: boolean }) => {
  const state = await readPipelinesState(env);
  process.stdout.write(
    options.json
      ? jsonText(pipelinesReportOf(state))
      : formatPipelineList(state.valid, state.invalid, state.lastRuns),
  );
  if (state.invalid.length > 0) process.exitCode = 1;
};
