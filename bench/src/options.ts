import { parseArgs } from 'node:util';

/** Parts that can be run alone with `--only`. */
export const BENCH_PARTS = ['sakila-snapshot', 'console'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export interface BenchOptions {
  quick: boolean;
  /** One part alone, or every part (null). */
  only: BenchPart | null;
  /** N: characters of the main source; 4N is measured for memory. */
  characters: number;
  /** Runs of each figure; the median is reported. */
  runs: number;
  /** Runs at 4N, where only memory is the point and one run takes four times as long. */
  scaleRuns: number;
  seed: number;
  /** Sakila customers of the snapshot part (about 20 payments each); a tenth of it is measured too. */
  snapshotCustomers: number;
  peer: boolean;
  /** Pages of the run whose console page is timed (`--only console`). */
  consolePages: number;
  /** Where the Markdown report goes. */
  out: string | null;
}

export const USAGE = `npm run bench [-- options]
  --quick             2,000 characters, 1 run: proves the harness end to end in about a minute
  --characters N      characters in the main source (default 100000; 4N is run too, for memory)
  --runs R            runs of each figure, the median is reported (default 3; 1 with --quick)
  --scale-runs R      runs at 4N (default: --runs)
  --seed S            seed of the synthetic source (default 2017)
  --only PART         one part alone: sakila-snapshot (report: .sluice/bench/sakila-snapshot.md), or
                      console (a run of --console-pages pages in the ledger, the console's pages timed;
                      report: .sluice/bench/console.md)
  --console-pages N   pages of the console part's run (default 10000)
  --snapshot-customers N
                      Sakila customers of the snapshot part (default 10000: about 203,000 payments,
                      and 1000 beside it for memory; --quick: 500 alone)
  --no-peer           skip dlt (its venv is installed from PyPI on first use)
  --out FILE          where to write the report (default BENCHMARKS.md; .sluice/bench/quick.md with --quick)`;

const wholeNumber = (name: string, value: string | undefined, fallback: number, min = 1): number => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}, got ${value}`);
  }
  return number;
};

export const parseBenchOptions = (argv: string[]): BenchOptions | 'help' => {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      characters: { type: 'string' },
      runs: { type: 'string' },
      'scale-runs': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      'snapshot-customers': { type: 'string' },
      'console-pages': { type: 'string' },
      'no-peer': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const only = values.only ?? null;
  if (only !== null && !(BENCH_PARTS as readonly string[]).includes(only)) {
    throw new Error(`--only takes one of ${BENCH_PARTS.join(', ')}, got ${only}`);
  }
  const runs = wholeNumber('runs', values.runs, values.quick ? 1 : 3);
  return {
    quick: values.quick,
    only: only as BenchPart | null,
    characters: wholeNumber('characters', values.characters, values.quick ? 2_000 : 100_000),
    runs,
    scaleRuns: wholeNumber('scale-runs', values['scale-runs'], runs),
    seed: wholeNumber('seed', values.seed, 2017, 0),
    snapshotCustomers: wholeNumber(
      'snapshot-customers',
      values['snapshot-customers'],
      values.quick ? 500 : 10_000,
    ),
    consolePages: wholeNumber('console-pages', values['console-pages'], 10_000),
    peer: !values['no-peer'],
    out: values.out ?? null,
  };
};
