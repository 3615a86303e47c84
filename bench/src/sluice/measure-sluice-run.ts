import { join } from 'node:path';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { assertCounts } from '../assert-counts.ts';
import { pagesOf } from '../source/source-size.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import { writeOutDirtyPages } from '../write-out-dirty-pages.ts';
import { createBenchDeployment } from './bench-deployment.ts';
import { measureLoaderAlone } from './measure-loader-alone.ts';
import { type PipelineOutcome, runPipeline } from './run-pipeline.ts';
import { type PerService, watchServices } from './service-usage.ts';
import { type LoadThroughput, type RunThroughput, readRunThroughput } from './stage-throughput.ts';

export interface SluiceRunFigures {
  runId: string;
  /** From the run's request to its last page loaded. */
  seconds: number;
  /** The same plus starting and stopping the three service processes. */
  secondsWithStartup: number;
  /** Pages the run loaded, and those it skipped as unchanged: none, or the run did not do the full work. */
  pages: { loaded: number; skipped: number };
  records: number;
  recordsPerSecond: number;
  stages: RunThroughput;
  peakRssMiB: PerService;
  /** CPU time each service used during the run. */
  cpuSeconds: PerService;
  /** Cores the whole machine kept busy on average: services, LocalStack, MariaDB, the source. */
  machineCoresBusy: number;
  /** The same run's processed pages loaded again by the loader alone, from a full queue. */
  loaderAlone: LoadThroughput | null;
}

// Generous, for a slow machine: a run that stalls fails sooner, when the pipeline goes idle.
const timeoutFor = (source: SyntheticSource) => Math.max(30 * 60_000, pagesOf(source.size) * 200);

const sum = (
  outcome: PipelineOutcome,
  pick: (r: PipelineOutcome['progress']['resources'][number]) => number,
) => outcome.progress.resources.reduce((total, resource) => total + pick(resource), 0);

/** Figures of a run that did not load exactly the source would be meaningless. */
const assertComplete = (outcome: PipelineOutcome, { size, links }: SyntheticSource): void =>
  assertCounts(
    `run ${outcome.runId} did not load the whole source`,
    {
      status: outcome.progress.status,
      pages: sum(outcome, (r) => r.pages.loaded),
      'pages skipped as unchanged': sum(outcome, (r) => r.pages.skipped),
      records: sum(outcome, (r) => r.records.loaded),
      locations: outcome.tables.locations,
      episodes: outcome.tables.episodes,
      characters: outcome.tables.characters,
      character_episodes: outcome.tables.character_episodes,
    },
    {
      status: 'succeeded',
      pages: pagesOf(size),
      'pages skipped as unchanged': 0,
      records: size.characters + size.locations + size.episodes,
      locations: size.locations,
      episodes: size.episodes,
      characters: size.characters,
      character_episodes: links,
    },
  );

/**
 * One whole Sluice run on LocalStack and MariaDB, the three services as processes with their default
 * settings, in a deployment of its own that is destroyed afterwards.
 */
export const measureSluiceRun = async (
  pipeline: PipelineDefinition,
  source: SyntheticSource,
  options: { logRoot: string; say: (line: string) => void; loaderAlone?: boolean },
): Promise<SluiceRunFigures> => {
  const deployment = await createBenchDeployment('run');
  const logDir = join(options.logRoot, deployment.env.SLUICE_PREFIX);
  const databaseServer = new URL('/', deployment.env.DATABASE_URL).toString();
  await writeOutDirtyPages(databaseServer, options.say);
  const usage = watchServices();
  try {
    const started = performance.now();
    const outcome = await runPipeline(deployment, pipeline, source, {
      logDir,
      timeoutMs: timeoutFor(source),
      say: options.say,
      beforeStop: usage.sample,
    });
    const secondsWithStartup = (performance.now() - started) / 1000;
    const { peakRssMiB, cpuSeconds, machineCoresBusy } = usage.stop();
    assertComplete(outcome, source);
    const records = sum(outcome, (r) => r.records.loaded);
    const stages = readRunThroughput(outcome.logFiles, outcome.runId);
    if (options.loaderAlone) await writeOutDirtyPages(databaseServer, options.say);
    const loaderAlone = options.loaderAlone
      ? await measureLoaderAlone(deployment, pipeline, outcome.runId, {
          logDir,
          timeoutMs: timeoutFor(source),
        })
      : null;
    return {
      runId: outcome.runId,
      seconds: outcome.seconds,
      secondsWithStartup,
      pages: {
        // The progress counts a skipped page as done, among `pages.loaded`.
        loaded: sum(outcome, (r) => r.pages.loaded - r.pages.skipped),
        skipped: sum(outcome, (r) => r.pages.skipped),
      },
      records,
      recordsPerSecond: records / outcome.seconds,
      stages,
      peakRssMiB,
      cpuSeconds,
      machineCoresBusy,
      loaderAlone,
    };
  } finally {
    usage.stop();
    await deployment.destroy();
  }
};
