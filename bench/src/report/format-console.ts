import type { ConsoleFigures } from '../console/measure-console.ts';
import type { ConsoleBenchResults } from '../results.ts';
import { dec, int, measuredOn, table } from './format-values.ts';

// What the issue asks of a run's page of 10,000 pages: under a second.
const BUDGET_MS = 1_000;

/** The report's section: each page rendered, its median and spread, and whether it is within the second. */
export const consoleSection = (figures: ConsoleFigures): string[] => [
  `## The console on a run of ${int(figures.pages)} pages`,
  '',
  `A run of ${int(figures.pages)} pages over three resources (one in a thousand dead-lettered) among ${int(figures.runs)} runs,`,
  'seeded in the run ledger of a database of its own, and the console (in the bench process) asked for each page',
  `over HTTP, ${figures.samples} times after a warm-up: the whole response, queries, DLQ and S3 reads and rendering included.`,
  '',
  table(
    ['page', 'path', 'median', 'fastest', 'slowest', 'size', `under ${BUDGET_MS} ms`],
    figures.renders.map((render) => [
      render.label,
      `\`${render.path.replace(/\d{8}T\d{6}Z-[0-9a-f]{6}/, '<run>')}\``,
      `${dec(render.medianMs, 0)} ms`,
      `${dec(render.minMs, 0)} ms`,
      `${dec(render.maxMs, 0)} ms`,
      `${int(render.bytes / 1024)} KiB`,
      render.medianMs < BUDGET_MS ? 'yes' : '**no**',
    ]),
  ),
];

/** The lines printed at the end. */
export const consoleSummary = (figures: ConsoleFigures): string[] =>
  figures.renders.map(
    (render) =>
      `Console, ${render.label}: median ${dec(render.medianMs, 0)} ms (${dec(render.minMs, 0)}–${dec(render.maxMs, 0)} ms over ${figures.samples}), ${int(render.bytes / 1024)} KiB`,
  );

/** `--only console`'s report. */
export const formatConsoleReport = (results: ConsoleBenchResults): string => {
  const { machine, loadAtEnd } = results;
  return [
    '# Benchmarks: the console alone',
    '',
    'Written by `npm run bench -- --only console` (see [bench/README.md](bench/README.md)).',
    '',
    `${measuredOn(machine, loadAtEnd)}.`,
    '',
    ...consoleSection(results.console),
    '',
  ].join('\n');
};
