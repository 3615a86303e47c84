import { RunIdSchema } from '@sluice/contracts';
import type { CliEnv } from '../config.ts';
import { countOption } from '../option-values.ts';
import { connectPlatform } from '../platform.ts';
import { jsonText } from '../reports/json-text.ts';
import { readRejectedReport } from '../reports/rejected-report.ts';
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
    const report = await readRejectedReport(platform, runId, {
      limit,
      ...(options.resource ? { resource: options.resource } : {}),
    });
    if (options.json) {
      process.stdout.write(jsonText(report));
      return;
    }
    const { pipeline, rejections, total } = report;
    if (total === 0) {
      process.stdout.write(
        `Run ${runId} rejected no record${options.resource ? ` of ${options.resource}` : ''}\n`,
      );
      return;
    }
    const table = textTable([
      ['resource', 'page', 'record', 'value', 'reason'],
      ...rejections.map((row) => [
        row.resource,
        String(row.page),
        String(row.index),
        shortJson(row.record),
        row.reason,
      ]),
    ]);
    const more =
      total > rejections.length
        ? `\n  … and ${total - rejections.length} more (--limit, or --json for all shown)`
        : '';
    process.stdout.write(`Run ${runId} (${pipeline}) rejected ${total} records:\n${table}${more}\n`);
  } finally {
    await platform.close();
  }
};
