import { SERVICE_NAMES } from '@sluice/cli';
import { isSkipped, type Skipped, type SnapshotBenchResults } from '../results.ts';
import type { SakilaSnapshotFigures, SakilaSnapshotSize } from '../sakila/measure-sakila-snapshot.ts';
import type { SnapshotRunFigures } from '../sakila/measure-snapshot-run.ts';
import { dec, int, measuredOn, table } from './format-values.ts';

const changes = (run: SnapshotRunFigures) =>
  run.changes
    ? `+${int(run.changes.inserted)} ~${int(run.changes.updated)} −${int(run.changes.deleted)}`
    : 'none (first)';

const runRows = (size: SakilaSnapshotSize) =>
  (
    [
      ['first snapshot', size.first],
      ['next day, compared', size.diff],
    ] as const
  ).map(([label, run]) => [
    `${int(size.tableRows)} (${int(size.customers)} customers)`,
    label,
    `${dec(run.seconds)} s`,
    int(run.rowsPerSecond),
    int(run.pages),
    changes(run),
    ...SERVICE_NAMES.map((service) => `${int(run.peakRssMiB[service] ?? Number.NaN)} MiB`),
  ]);

/** The report's section: each size's two runs, their memory, and what the source's log saw. */
export const snapshotSection = (figures: SakilaSnapshotFigures | Skipped): string[] => {
  if (isSkipped(figures))
    return ['## A large table snapshotted (Sakila payment, `snapshot_diff`)', '', figures.skipped];
  const largest = figures.sizes.at(-1);
  return [
    `## A ${int(largest?.tableRows ?? Number.NaN)}-row table snapshotted (Sakila ${figures.table}, \`snapshot_diff\`)`,
    '',
    `The shipped \`pipelines/sakila.yaml\`, its \`${figures.table}\` resource alone, read by the services from a Sakila sample (seed ${figures.seed})`,
    'in pages of 1,000 rows by key. The first run stages the whole table; after a simulated day the next run reads it',
    'whole again and compares every page with the first snapshot, sending on only the changes, which must equal the',
    "day's own change log. Rows/s are rows snapshotted; peak RSS is each service's, started for the run alone.",
    '',
    table(
      [
        'rows',
        'run',
        'wall time',
        'rows/s',
        'pages',
        'changes (+ ~ −)',
        ...SERVICE_NAMES.map((service) => `${service} peak RSS`),
      ],
      figures.sizes.flatMap(runRows),
    ),
    '',
    ...figures.sizes.map(
      (size) =>
        `At ${int(size.tableRows)} rows the source's general log recorded ${int(size.statements.pageQueries)} page queries of the services, ` +
        `${int(size.statements.withOffset)} of them with OFFSET.`,
    ),
  ];
};

/** The lines printed at the end of a bench. */
export const snapshotSummary = (figures: SakilaSnapshotFigures | Skipped): string[] =>
  isSkipped(figures)
    ? [`Sakila snapshot: ${figures.skipped}`]
    : figures.sizes.flatMap((size) =>
        [size.first, size.diff].map(
          (run, index) =>
            `Sakila ${figures.table}, ${int(size.tableRows)} rows, ${index === 0 ? 'first snapshot' : 'compared next day'}: ` +
            `${dec(run.seconds)} s, ${int(run.rowsPerSecond)} rows/s, ${int(run.pages)} pages, changes ${changes(run)}; ` +
            `extractor peak RSS ${int(run.peakRssMiB.extractor ?? Number.NaN)} MiB` +
            (index === 1 ? `; OFFSET queries ${int(size.statements.withOffset)}` : ''),
        ),
      );

/** `--only sakila-snapshot`'s report: where and when, the section, and how it is measured. */
export const formatSnapshotReport = (results: SnapshotBenchResults, method: string): string => {
  const { machine, loadAtEnd } = results;
  return [
    '# Benchmarks: the Sakila snapshot alone',
    '',
    'Written by `npm run bench -- --only sakila-snapshot` (see [bench/README.md](bench/README.md)).',
    '',
    `${measuredOn(machine, loadAtEnd)}.`,
    '',
    ...snapshotSection(results.sakilaSnapshot),
    '',
    method.trim(),
    '',
  ].join('\n');
};
