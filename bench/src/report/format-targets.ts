import type { TargetVerdict } from './evaluate-targets.ts';
import { dec, table } from './format-values.ts';
import type { BenchSummary } from './summarise-results.ts';

const mark = ({ met }: TargetVerdict) => (met === null ? '?' : met ? '✓' : '✗');

/** The report's first section: each of #14's targets, what was measured, and how far off a missed one is. */
export const targetsSection = (verdicts: readonly TargetVerdict[], { floor }: BenchSummary) => [
  '## Targets (#14)',
  '',
  table(
    ['', 'target', 'measured', 'verdict'],
    verdicts.map((verdict) => [mark(verdict), verdict.target, verdict.measured, verdict.verdict]),
  ),
  '',
  `The floor (what no ETL can beat here, [below](#the-floor-n-and-4n)): ${dec(floor.n.seconds)} s at N; ` +
    `Sluice takes ${dec(floor.n.sluice, 1)}× it, dlt ${dec(floor.n.dlt, 1)}×.`,
];

/** The targets as the summary's lines: one each, missed ones with their shortfall. */
export const targetLines = (verdicts: readonly TargetVerdict[]) => [
  `Targets (#14): ${verdicts.filter((verdict) => verdict.met).length} of ${verdicts.length} met`,
  ...verdicts.map(
    (verdict) => `  ${mark(verdict)} ${verdict.target}: ${verdict.measured}; ${verdict.verdict}`,
  ),
];
