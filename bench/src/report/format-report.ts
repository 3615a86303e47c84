import { SERVICE_NAMES } from '@sluice/cli';
import { STAGES } from '@sluice/contracts';
import { CEILING_BATCH_SIZES } from '../ceiling/measure-ceiling.ts';
import { type BenchResults, isSkipped } from '../results.ts';
import { evaluateTargets } from './evaluate-targets.ts';
import { floorSection } from './format-floor.ts';
import { snapshotSection } from './format-snapshot.ts';
import { targetsSection } from './format-targets.ts';
import { dec, int, measuredOn, pct, table } from './format-values.ts';
import { type BenchSummary, type SluiceSummary, summariseBench } from './summarise-results.ts';

const header = ({ machine, options, loadAtEnd }: BenchResults) => [
  '# Benchmarks',
  '',
  `Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` (see [bench/README.md](bench/README.md)); do not edit by hand.`,
  '',
  `${measuredOn(machine, loadAtEnd)}: well above 0 means ` +
    'something else was running and the figures are noisy.',
  '',
  `Each figure is the median of ${options.runs} run(s) (${options.scaleRuns} at 4N).`,
];

const sourceSection = ({ source, scaledSource }: BenchResults) => [
  '## The source',
  '',
  `A synthetic Rick and Morty API on loopback (the fixtures' server; records generated page by page from seed ${source.seed}), pages of 20.`,
  '',
  table(
    ['', 'N', '4N'],
    [
      ['characters', int(source.size.characters), int(scaledSource.size.characters)],
      ['locations', int(source.size.locations), int(scaledSource.size.locations)],
      ['episodes', int(source.size.episodes), int(scaledSource.size.episodes)],
      ['pages', int(source.pages), int(scaledSource.pages)],
      ['character–episode links', int(source.links), int(scaledSource.links)],
      ['warehouse rows (records + links)', int(source.rows), int(scaledSource.rows)],
    ],
  ),
];

const othersBusy = (figures: SluiceSummary) =>
  figures.machineCoresBusy - SERVICE_NAMES.reduce((sum, service) => sum + figures.coresBusy[service], 0);

const sluiceSections = ({ n, scaled }: BenchSummary) => [
  '## Sluice end to end (LocalStack + MariaDB, the three services as processes, default settings)',
  '',
  table(
    ['', 'N', '4N'],
    [
      ['wall time, run requested → last page loaded', `${dec(n.seconds)} s`, `${dec(scaled.seconds)} s`],
      [
        '… with starting and stopping the services',
        `${dec(n.secondsWithStartup)} s`,
        `${dec(scaled.secondsWithStartup)} s`,
      ],
      ['records/s', int(n.recordsPerSecond), int(scaled.recordsPerSecond)],
      [
        'pages loaded / skipped as unchanged (a full refresh: none skipped)',
        `${int(n.pages.loaded)} / ${int(n.pages.skipped)}`,
        `${int(scaled.pages.loaded)} / ${int(scaled.pages.skipped)}`,
      ],
    ],
  ),
  '',
  '### Per stage',
  '',
  'Pages/s from the first page a stage started to the last it finished (its `handled` log lines); ms per page is',
  "the median time one page spends in the stage's handler, ten pages at a time.",
  '',
  table(
    ['stage', 'pages/s (N)', 'ms per page (N)', 'pages/s (4N)', 'ms per page (4N)'],
    STAGES.map((stage) => [
      stage,
      dec(n.stages[stage].pagesPerSecond),
      int(n.stages[stage].medianPageMs),
      dec(scaled.stages[stage].pagesPerSecond),
      int(scaled.stages[stage].medianPageMs),
    ]),
  ),
  '',
  '### Where the CPU went',
  '',
  "Cores kept busy on average from the services' start to the last page (CPU time from /proc).",
  '',
  table(
    ['process', 'cores busy (N)', 'cores busy (4N)'],
    [
      ...SERVICE_NAMES.map((service) => [
        service,
        dec(n.coresBusy[service], 2),
        dec(scaled.coresBusy[service], 2),
      ]),
      [
        'everything else: LocalStack, MariaDB, the source, anything else running',
        dec(othersBusy(n), 2),
        dec(othersBusy(scaled), 2),
      ],
      ['the whole machine', dec(n.machineCoresBusy, 2), dec(scaled.machineCoresBusy, 2)],
    ],
  ),
  '',
  '### Peak memory of each service (VmHWM)',
  '',
  table(
    ['service', 'N', '4N', '4N / N'],
    SERVICE_NAMES.map((service) => [
      service,
      `${int(n.peakRssMiB[service])} MiB`,
      `${int(scaled.peakRssMiB[service])} MiB`,
      dec(scaled.peakRssMiB[service] / n.peakRssMiB[service], 2),
    ]),
  ),
];

const ceilingSection = (results: BenchResults, summary: BenchSummary) => {
  const { ceiling } = results;
  return [
    '## The loader against the ceiling (N)',
    '',
    `The same ${int(ceiling.rows)} rows, made by the mapping the transformer compiles from pipelines/rickandmorty.yaml, upserted into the same tables by plain mysql2`,
    '`INSERT … VALUES (…), (…) ON DUPLICATE KEY UPDATE`, one connection, autocommit, tables emptied before each pass.',
    '',
    table(
      ['', 'rows/s', 'of the ceiling'],
      [
        [
          'Sluice load stage, in the end-to-end run',
          int(summary.n.loadRowsPerSecond),
          pct(summary.ofCeiling.run),
        ],
        [
          'Sluice loader alone, its queue full',
          int(summary.n.loaderAloneRowsPerSecond),
          pct(summary.ofCeiling.alone),
        ],
        ...CEILING_BATCH_SIZES.map((size) => [
          `plain mysql2, ${int(size)} rows a statement${size === ceiling.bestBatchSize ? ' (the ceiling)' : ''}`,
          int(ceiling.rowsPerSecondByBatch[size] ?? Number.NaN),
          pct((ceiling.rowsPerSecondByBatch[size] ?? Number.NaN) / ceiling.bestRowsPerSecond),
        ]),
      ],
    ),
  ];
};

const peerSection = (results: BenchResults, { n, peer }: BenchSummary) => {
  const lines = ['## The peer: dlt (N)', ''];
  if (!peer) return [...lines, `Not measured: ${isSkipped(results.peer) ? results.peer.skipped : 'no run'}.`];
  return [
    ...lines,
    `dlt ${peer.version}, its \`rest_api\` source (\`info.next\`, \`results\`), \`merge\` on \`id\`, SQLAlchemy destination`,
    '(`mysql+pymysql`) into the same MariaDB; see bench/dlt/.',
    '',
    table(
      ['', 'wall time', 'with process start-up', 'Sluice takes'],
      [
        ['Sluice', `${dec(n.seconds)} s`, `${dec(n.secondsWithStartup)} s`, ''],
        [
          `dlt (extract ${dec(peer.steps.extract ?? Number.NaN)} s, normalize ${dec(peer.steps.normalize ?? Number.NaN)} s, load ${dec(peer.steps.load ?? Number.NaN)} s)`,
          `${dec(peer.seconds)} s`,
          `${dec(peer.secondsWithStartup)} s`,
          `${dec(peer.slower, 2)}× (${dec(peer.slowerWithStartup, 2)}× with start-up)`,
        ],
      ],
    ),
  ];
};

const bundleSection = ({ bundles }: BenchResults) => [
  '## Lambda bundles',
  '',
  isSkipped(bundles)
    ? bundles.skipped
    : table(
        ['bundle', 'index.mjs', 'unzipped (the whole folder)', 'zip', 'cold import'],
        bundles.map((b) => [
          b.bundle,
          `${int(b.indexKiB)} KiB`,
          `${int(b.unzippedKiB)} KiB`,
          `${int(b.zipKiB)} KiB`,
          `${int(b.coldImportMs)} ms`,
        ]),
      ),
];

/** BENCHMARKS.md: every figure, then how each was taken. */
export const formatReport = (results: BenchResults, method: string): string => {
  const summary = summariseBench(results);
  return [
    ...header(results),
    '',
    ...targetsSection(evaluateTargets(results, summary), summary),
    '',
    ...sourceSection(results),
    '',
    ...sluiceSections(summary),
    '',
    ...snapshotSection(results.sakilaSnapshot),
    '',
    ...ceilingSection(results, summary),
    '',
    ...peerSection(results, summary),
    '',
    ...floorSection(results, summary),
    '',
    ...bundleSection(results),
    '',
    method.trim(),
    '',
  ].join('\n');
};
