import { RunIdSchema } from '@sluice/contracts';
import { readRunProgress } from '@sluice/warehouse';
import type { CliEnv } from '../config.ts';
import { countOption } from '../option-values.ts';
import { connectPlatform } from '../platform.ts';
import { readRejectedRecords } from '../rejected/read-rejected-records.ts';
import { textTable } from '../text-table.ts';

// A record is shown as its JSON, cut at this width: the reason (last, whole) says what was wrong, and
// `--json` has the record whole.
const RECORD_WIDTH = 60;

const shortJson = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > RECORD_WIDTH ? `${text.slice(0, RECORD_WIDTH - 1)}…` : text;
};

/** `sluice rejected <runId> [--resource R] [--limit N]`: the records a run quarantined, and why. */
export const rejectedCommand = async (
  runId: string,
  env: CliEnv,
  options: { resource?: string; limit?: string; json?: boolean },
) => {
  if (!RunIdSchema.safeParse(runId).success) {
    throw new Error(`${runId} is not a run id (they look like 20261125T150135Z-3fa9c2)`);
  }
  const limit = options.limit === undefined ? 100 : countOption(options.limit, '--limit');
  const platform = await connectPlatform(env);
  try {
    const progress = await readRunProgress(platform.warehouse.db, runId);
    if (!progress)
      throw new Error(
        `No run ${runId} in the warehouse (DATABASE_URL); \`npx sluice status\` shows the latest`,
      );
    const resources = progress.resources.map(({ resource }) => resource);
    if (options.resource && !resources.includes(options.resource)) {
      throw new Error(`run ${runId} has no resource ${options.resource} (it has ${resources.join(', ')})`);
    }
    const run = {
      pipeline: progress.pipeline,
      runId,
      resources: options.resource ? [options.resource] : resources,
    };
    const { rows, total } = await readRejectedRecords(platform, run, limit);
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ runId, pipeline: progress.pipeline, total, rows }, null, 2)}\n`,
      );
      return;
    }
    if (total === 0) {
      process.stdout.write(
        `Run ${runId} rejected no record${options.resource ? ` of ${options.resource}` : ''}\n`,
      );
      return;
    }
    const table = textTable([
      ['resource', 'page', 'record', 'value', 'reason'],
      ...rows.map((row) => [
        row.resource,
        String(row.page),
        String(row.index),
        shortJson(row.record),
        row.reason,
      ]),
    ]);
    const more =
      total > rows.length ? `\n  … and ${total - rows.length} more (--limit, or --json for all shown)` : '';
    process.stdout.write(`Run ${runId} (${progress.pipeline}) rejected ${total} records:\n${table}${more}\n`);
  } finally {
    await platform.close();
  }
};
