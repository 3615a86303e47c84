import { join } from 'node:path';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { generateRickAndMortyDataset, startRickAndMortyApi } from '@sluice/fixtures';
import { type CliEnv, PROJECT_ROOT, serviceEnvOf } from './config.ts';
import { formatEarlierMessages, peekEarlierMessages } from './consumers/earlier-messages.ts';
import { refuseForeignConsumers } from './consumers/refuse-foreign-consumers.ts';
import { fingerprintOfServices } from './consumers/services-fingerprint.ts';
import { type LocalServices, startLocalServices } from './local-services.ts';
import { pipelineNamed } from './pipelines/pipeline-catalogue.ts';
import { refuseUnsetVariables } from './pipelines/refuse-unset-variables.ts';
import { connectPlatform, type Platform, runDepsOf } from './platform.ts';
import { createProgressDisplay, type ProgressDisplay } from './progress-display.ts';
import { type RunRequestOptions, requestRun } from './request-run.ts';
import { type RunSummary, summariseRun } from './run-summary.ts';
import { prepareSakilaSample, readsSakilaSample } from './sakila-sample.ts';
import { assertSourceReachable } from './source-check.ts';
import { countStagePages, totalPages } from './staged-pages.ts';
import { type RunOutcome, waitForRun } from './wait-for-run.ts';

/**
 * The bundled dataset of `--offline`: the live API's size (826 characters, 126 locations, 51 episodes),
 * generated, plus three malformed characters to show what quarantine looks like.
 */
export const offlineDataset = () =>
  generateRickAndMortyDataset({
    seed: 2017,
    characters: 826,
    locations: 126,
    episodes: 51,
    invalidCharacters: 3,
  });

/** Where to set a variable a local run's services lack: they inherit the environment of `start`. */
export const SET_THEM_FOR_START = 'in the environment `npx sluice start` (or `npm start`) runs in';

/**
 * The variables a local run gives its services itself, beyond its own environment's: the offline API's
 * URL (a REST or HTML source under `--offline`), the Sakila sample's URL. Known before anything starts.
 */
export const suppliedVariablesOf = (
  pipeline: Pick<PipelineDefinition, 'source'>,
  offline: boolean,
): Record<string, string> => ({
  ...(offline && pipeline.source.type !== 'mysql' ? { RICK_AND_MORTY_API_URL: 'the offline API' } : {}),
  ...(readsSakilaSample(pipeline) ? { SAKILA_DATABASE_URL: 'the Sakila sample' } : {}),
});

export interface LocalRunOptions {
  env: CliEnv;
  pipeline: string;
  /** Serve this Rick and Morty dataset from loopback instead of calling RICK_AND_MORTY_API_URL. */
  dataset?: ReturnType<typeof generateRickAndMortyDataset>;
  /** The variables pipeline files read (`${…}`); the process environment by default. */
  variables?: Record<string, string | undefined>;
  runOptions?: RunRequestOptions;
  logDir?: string;
  say?: (line: string) => void;
  display?: ProgressDisplay;
  timeoutMs?: number;
  /** Run even while a service process with another configuration polls the same queues. */
  force?: boolean;
}

/**
 * One whole local run: starts the three services as processes, requests a run, shows its progress, waits
 * for it to finish, stops the services and returns the summary. The stack must be up and prepared.
 */
export const runPipelineLocally = async (options: LocalRunOptions): Promise<RunSummary> => {
  const say = options.say ?? (() => {});
  const pipeline = await pipelineNamed(options.env, options.pipeline);
  // A database source has its own offline stand-in (the Sakila sample), not the Rick and Morty API.
  const served = options.dataset && pipeline.source.type !== 'mysql' ? options.dataset : null;
  const source = served ? await startRickAndMortyApi({ dataset: served }) : null;
  if (source) say(`Serving the bundled dataset at ${source.url}`);
  const sample = await prepareSakilaSample(pipeline, options.variables ?? process.env, say);
  const overrides: Record<string, string> = {
    ...(source ? { RICK_AND_MORTY_API_URL: source.url } : {}),
    ...sample,
  };
  const variables = { ...(options.variables ?? process.env), ...overrides };
  const logDir = options.logDir ?? join(PROJECT_ROOT, '.sluice', 'logs');
  try {
    refuseUnsetVariables(
      pipeline,
      { ...variables, ...serviceEnvOf(options.env, overrides) },
      SET_THEM_FOR_START,
    );
    await assertSourceReachable(pipeline, variables);
    const platform = await connectPlatform(options.env);
    try {
      // Before our own pollers start: they will announce the same fingerprint, but none polls yet.
      await checkQueuesBeforeStart(platform, options, overrides, say);
      const services = await startLocalServices({ env: serviceEnvOf(options.env, overrides), logDir });
      say(`Services started: extractor, transformer, loader (logs in ${logDir})`);
      try {
        return await followRun(platform, services, pipeline, options, say);
      } finally {
        await services.stop();
      }
    } finally {
      await platform.close();
    }
  } finally {
    await source?.close();
  }
};

/** Requests the run from the services just started, shows its progress and returns its summary. */
const followRun = async (
  platform: Platform,
  services: LocalServices,
  pipeline: PipelineDefinition,
  options: LocalRunOptions,
  say: (line: string) => void,
): Promise<RunSummary> => {
  const logDir = options.logDir ?? join(PROJECT_ROOT, '.sluice', 'logs');
  const display = options.display ?? createProgressDisplay();
  try {
    const deps = runDepsOf(platform);
    const runId = await requestRun(deps, pipeline, options.runOptions);
    say(`Run ${runId} requested (${options.pipeline})`);
    const outcome = await Promise.race([
      waitForRun(deps, runId, {
        timeoutMs: options.timeoutMs,
        outageLimitSeconds: options.env.SLUICE_OUTAGE_LIMIT_SECONDS,
        onOutage: (line) => process.stderr.write(`${line}\n`),
        connection: options.env,
        onProgress: async (progress, depths) => {
          const done = await countStagePages(platform, progress);
          const queued =
            depths.extract.queue.waiting + depths.transform.queue.waiting + depths.load.queue.waiting;
          display.update(done, totalPages(progress), `${queued} messages queued`);
        },
      }),
      services.exited.then(({ service, code }): RunOutcome => {
        throw new Error(
          `the ${service} stopped unexpectedly (code ${code}); see ${join(logDir, `${service}.log`)}`,
        );
      }),
    ]);
    display.stop();
    return await summariseRun(platform.warehouse.db, pipeline, outcome.progress, outcome.depths, {
      seconds: outcome.seconds,
      bucket: platform.bucket,
      s3: platform.s3,
    });
  } finally {
    display.stop();
  }
};

/**
 * Refuses to start while a foreign consumer polls the deployment's queues (it would take this run's
 * messages), and says what earlier runs left in the queues: the services about to start will process it.
 */
const checkQueuesBeforeStart = async (
  platform: Platform,
  options: LocalRunOptions,
  overrides: Record<string, string>,
  say: (line: string) => void,
) => {
  const own = await fingerprintOfServices(options.env, overrides);
  await refuseForeignConsumers(platform, own, {
    prefix: options.env.SLUICE_PREFIX,
    force: options.force ?? false,
    warn: say,
  });
  const earlier = formatEarlierMessages(await peekEarlierMessages(platform));
  if (earlier) say(earlier);
};
