import type { ScheduleRule } from './list-schedule-rules.ts';
import type { SyncResult } from './sync-local-rules.ts';

/** `arn:aws:sqs:us-east-1:000000000000:sluice-extract` → `sluice-extract`; other ARNs as they are. */
const targetName = (arn: string): string =>
  arn.startsWith('arn:aws:sqs:') ? (arn.split(':').at(-1) ?? arn) : arn;

const table = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
};

/** `sluice schedules list`: one row a rule. */
export const formatScheduleRules = (rules: readonly ScheduleRule[], prefix: string): string => {
  if (rules.length === 0) {
    return `No schedule rules for prefix ${prefix}: \`npx sluice schedules sync\` creates them from pipelines/\n`;
  }
  const rows = rules.map((rule) => [
    rule.rule,
    rule.schedule ?? '(event pattern)',
    rule.state,
    rule.targets.map(targetName).join(', '),
  ]);
  return `${table([['rule', 'schedule', 'state', 'target'], ...rows]).join('\n')}\n`;
};

/** What a sync did, as lines: the rules and where they deliver, then what was deleted. */
export const describeSync = (result: SyncResult): string[] => {
  const queue = targetName(result.queueArn);
  const head =
    result.rules.length === 0
      ? `Schedules: none (no pipeline files)`
      : `Schedules: ${result.rules.length} EventBridge rule${result.rules.length > 1 ? 's' : ''} sending run.scheduled to ${queue}`;
  const rules = table(result.rules.map((rule) => [`  ${rule.rule}`, rule.schedule]));
  const deleted = result.deleted.map((name) => `  deleted ${name}: its pipeline file is gone`);
  return [head, ...rules, ...deleted];
};
