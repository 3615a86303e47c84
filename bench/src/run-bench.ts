import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, pipelineNamed, readCliEnv } from '@sluice/cli';
import { measureCeiling } from './ceiling/measure-ceiling.ts';
import { measureConsole } from './console/measure-console.ts';
import { extractorConcurrencyOf } from './floor/extractor-concurrency.ts';
import { measureFloor } from './floor/measure-floor.ts';
import type { BenchOptions } from './options.ts';
import { ensureDltVenv } from './peer/dlt-venv.ts';
import { type DltRunFigures, measureDltRun } from './peer/measure-dlt.ts';
import { describeMachine } from './report/describe-machine.ts';
import { measureBundles } from './report/measure-bundles.ts';
import type {
  BenchResults,
  ConsoleBenchResults,
  Skipped,
  SnapshotBenchResults,
  SourceFigures,
} from './results.ts';
import { measureSakilaSnapshot } from './sakila/measure-sakila-snapshot.ts';
import { measureSluiceRun, type SluiceRunFigures } from './sluice/measure-sluice-run.ts';
import { pagesOf } from './source/source-size.ts';
import { createSyntheticSource, type SyntheticSource } from './source/synthetic-dataset.ts';
import { writeOutDirtyPages } from './write-out-dirty-pages.ts';

export const BENCH_STATE = join(PROJECT_ROOT, '.sluice', 'bench');

type Say = (line: string) => void;

const describeSource = (seed: number, source: SyntheticSource): SourceFigures => {
  const { characters, locations, episodes } = source.size;
  const records = characters + locations + episodes;
  const rows = records + source.links;
  return { seed, size: source.size, pages: pagesOf(source.size), records, links: source.links, rows };
};

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The dlt runs, alternating with Sluice's; once one fails, the peer is reported as not measured. */
const createPeer = (options: BenchOptions, databaseServer: string, say: Say) => {
  const runs: DltRunFigures[] = [];
  let skipped = options.peer ? '' : 'skipped with --no-peer';
  let python = '';
  if (!skipped) {
    try {
      python = ensureDltVenv(join(PROJECT_ROOT, '.sluice', 'bench-venv'), say);
    } catch (error) {
      skipped = `dlt could not be installed: ${reasonOf(error)}`;
    }
  }
  return {
    measure: async (source: SyntheticSource, label: string) => {
      if (skipped) return;
      say(`dlt, ${label}`);
      try {
        await writeOutDirtyPages(databaseServer, say);
        runs.push(await measureDltRun(source, { python, databaseServer }));
      } catch (error) {
        skipped = `dlt failed: ${reasonOf(error)}`;
      }
    },
    results: (): DltRunFigures[] | Skipped => (skipped ? { skipped } : runs),
  };
};

const measureBundlesOrSkip = (runs: number): BenchResults['bundles'] => {
  try {
    return measureBundles(runs);
  } catch (error) {
    return { skipped: `not measured: ${reasonOf(error)}` };
  }
};

/** The Sakila snapshot's sizes: with --quick the one asked for, else a tenth of it too, to see memory grow or not. */
const snapshotSizesOf = (options: BenchOptions): number[] =>
  options.quick
    ? [options.snapshotCustomers]
    : [Math.max(1, Math.round(options.snapshotCustomers / 10)), options.snapshotCustomers];

const measureSnapshot = (options: BenchOptions, databaseServer: string, say: Say) =>
  measureSakilaSnapshot(snapshotSizesOf(options), {
    databaseServer,
    seed: options.seed,
    logRoot: join(BENCH_STATE, 'logs'),
    say,
  });

/** `--only sakila-snapshot`: that part alone. */
export const runSnapshotBench = async (options: BenchOptions, say: Say): Promise<SnapshotBenchResults> => {
  const env = readCliEnv();
  const databaseServer = new URL('/', env.DATABASE_URL).toString();
  const machine = await describeMachine({ databaseServer, awsEndpoint: env.AWS_ENDPOINT_URL });
  const sakilaSnapshot = await measureSnapshot(options, databaseServer, say);
  return { options, machine, loadAtEnd: loadavg()[0] ?? 0, sakilaSnapshot };
};

// Seven renders of each page after a warm-up: the median of an odd count is one of them.
const CONSOLE_SAMPLES = 7;

/** `--only console`: the console's pages on a run of many pages, timed (see measure-console.ts). */
export const runConsoleBench = async (options: BenchOptions, say: Say): Promise<ConsoleBenchResults> => {
  const env = readCliEnv();
  const databaseServer = new URL('/', env.DATABASE_URL).toString();
  const machine = await describeMachine({ databaseServer, awsEndpoint: env.AWS_ENDPOINT_URL });
  const figures = await measureConsole(
    { pages: options.consolePages, runs: 500, samples: options.quick ? 3 : CONSOLE_SAMPLES },
    say,
  );
  return { options, machine, loadAtEnd: loadavg()[0] ?? 0, console: figures };
};

/**
 * Every figure of the report. Sluice and dlt runs alternate, so that whatever else the machine is doing
 * weighs on both alike; the 4N runs, the Sakila snapshot, the ceiling, the floor and the bundles follow.
 */
export const runBench = async (options: BenchOptions, say: Say): Promise<BenchResults> => {
  const env = readCliEnv();
  // The shipped pipeline file, as the services read it: the bench measures what `npm start` runs.
  const pipeline = await pipelineNamed(env, 'rickandmorty');
  const databaseServer = new URL('/', env.DATABASE_URL).toString();
  const machine = await describeMachine({ databaseServer, awsEndpoint: env.AWS_ENDPOINT_URL });
  const source = createSyntheticSource({ seed: options.seed, characters: options.characters });
  const scaledSource = createSyntheticSource({ seed: options.seed, characters: options.characters * 4 });
  const logRoot = join(BENCH_STATE, 'logs');
  const peer = createPeer(options, databaseServer, say);

  const sluice: SluiceRunFigures[] = [];
  for (let run = 1; run <= options.runs; run += 1) {
    const label = `${options.characters} characters, run ${run} of ${options.runs}`;
    say(`Sluice, ${label}`);
    sluice.push(await measureSluiceRun(pipeline, source, { logRoot, say, loaderAlone: true }));
    await peer.measure(source, label);
  }
  const scaledSluice: SluiceRunFigures[] = [];
  for (let run = 1; run <= options.scaleRuns; run += 1) {
    say(`Sluice, ${options.characters * 4} characters (4N), run ${run} of ${options.scaleRuns}`);
    scaledSluice.push(await measureSluiceRun(pipeline, scaledSource, { logRoot, say }));
  }
  // Services started and stopped four times and two sources made: about a minute even at --quick's size,
  // which CI's quick bench need not spend; `--only sakila-snapshot --quick` proves that part alone.
  const sakilaSnapshot = options.quick
    ? { skipped: 'left out of --quick: `npm run bench -- --only sakila-snapshot [--quick]` runs it' }
    : await measureSnapshot(options, databaseServer, say);
  say('Ceiling: plain mysql2 upserts of the same rows');
  const ceiling = await measureCeiling(pipeline, source, { databaseServer, runs: options.runs, say });
  const concurrency = extractorConcurrencyOf(pipeline);
  say(`Floor: every page of the source fetched ${concurrency} at a time (the extractor's), at N and 4N`);
  const floor = await measureFloor({ n: source, scaled: scaledSource }, ceiling, {
    concurrency,
    runs: options.runs,
    scaleRuns: options.scaleRuns,
    say,
  });
  say('Lambda bundles: build, size and cold import time');
  const bundles = measureBundlesOrSkip(options.quick ? 3 : 7);

  return {
    options,
    machine,
    loadAtEnd: loadavg()[0] ?? 0,
    source: describeSource(options.seed, source),
    scaledSource: describeSource(options.seed, scaledSource),
    sluice,
    scaledSluice,
    ceiling,
    floor,
    peer: peer.results(),
    bundles,
    sakilaSnapshot,
  };
};
