import {
  countWarehouseRows,
  type LocalServices,
  requestRun,
  runDepsOf,
  serviceEnvOf,
  startLocalServices,
  waitForRun,
} from '@sluice/cli';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { startRickAndMortyApi } from '@sluice/fixtures';
import type { RunProgress } from '@sluice/warehouse';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import type { BenchDeployment } from './bench-deployment.ts';

export interface PipelineOutcome {
  runId: string;
  progress: RunProgress;
  /** From the request until every page is loaded, read every 0.5 s, as `sluice start` reports it. */
  seconds: number;
  tables: Record<string, number>;
  logFiles: LocalServices['logFiles'];
}

const pagesLoaded = (progress: RunProgress) => progress.resources.reduce((sum, r) => sum + r.pagesLoaded, 0);

/**
 * What `runPipelineLocally` does, from the same building blocks, less its progress display: that lists
 * every staged object of the run in S3 every 0.5 s, a cost of `npm start` that grows with the run and
 * that the pipeline itself does not have. `beforeStop` runs while the services are still up.
 *
 * The run is a full refresh: the extractor skips a page whose content equals what was last loaded for its
 * URL, which would make a run's figures those of a run that did not do the work. The deployment is fresh
 * too, so there is nothing to skip against; the flag makes sure of it whatever the deployment holds.
 */
export const runPipeline = async (
  deployment: BenchDeployment,
  pipeline: PipelineDefinition,
  source: SyntheticSource,
  options: { logDir: string; timeoutMs: number; say: (line: string) => void; beforeStop: () => void },
): Promise<PipelineOutcome> => {
  const { env, platform } = deployment;
  const api = await startRickAndMortyApi({ dataset: source.dataset });
  try {
    const services = await startLocalServices({
      env: serviceEnvOf(env, { RICK_AND_MORTY_API_URL: api.url }),
      logDir: options.logDir,
    });
    try {
      const deps = runDepsOf(platform);
      const runId = await requestRun(deps, pipeline, { fullRefresh: true });
      let said = Date.now();
      const outcome = await Promise.race([
        waitForRun(deps, runId, {
          timeoutMs: options.timeoutMs,
          onProgress: (progress) => {
            if (Date.now() - said < 10_000) return;
            said = Date.now();
            const total = progress.resources.reduce((sum, r) => sum + (r.pagesTotal ?? 0), 0);
            options.say(`${pagesLoaded(progress)} of ${total || '?'} pages loaded`);
          },
        }),
        services.exited.then(({ service, code }): never => {
          throw new Error(
            `the ${service} stopped unexpectedly (code ${code}); see ${services.logFiles[service]}`,
          );
        }),
      ]);
      options.beforeStop();
      return {
        runId,
        progress: outcome.progress,
        seconds: outcome.seconds,
        tables: await countWarehouseRows(platform.warehouse.db, pipeline),
        logFiles: services.logFiles,
      };
    } finally {
      await services.stop();
    }
  } finally {
    await api.close();
  }
};
