import {
  type LocalServices,
  type RunRequestOptions,
  requestRun,
  runDepsOf,
  startLocalServices,
  waitForRun,
} from '@sluice/cli';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import type { RunProgress } from '@sluice/warehouse';
import type { BenchDeployment } from './bench-deployment.ts';

export interface ServicesRun {
  runId: string;
  progress: RunProgress;
  /** From the request until every page is loaded, read every 0.5 s, as `sluice start` reports it. */
  seconds: number;
  logFiles: LocalServices['logFiles'];
}

export interface ServicesRunOptions {
  /** The services' environment: the deployment's, and what the pipeline's source needs. */
  serviceEnv: Record<string, string>;
  request: RunRequestOptions;
  logDir: string;
  timeoutMs: number;
  say: (line: string) => void;
  /** Runs once the run has ended, while the services are still up (a last memory sample). */
  beforeStop: () => void;
}

const pagesLoaded = (progress: RunProgress) => progress.resources.reduce((sum, r) => sum + r.pages.loaded, 0);

/**
 * One run on the three services as processes with their default settings, started for it and stopped
 * after it, so that their peak memory is this run's. A service that stops on its own fails the run.
 */
export const runOnServices = async (
  deployment: BenchDeployment,
  pipeline: PipelineDefinition,
  options: ServicesRunOptions,
): Promise<ServicesRun> => {
  const services = await startLocalServices({ env: options.serviceEnv, logDir: options.logDir });
  try {
    const deps = runDepsOf(deployment.platform);
    const runId = await requestRun(deps, pipeline, options.request);
    let said = Date.now();
    const outcome = await Promise.race([
      waitForRun(deps, runId, {
        timeoutMs: options.timeoutMs,
        onProgress: (progress) => {
          if (Date.now() - said < 10_000) return;
          said = Date.now();
          const total = progress.resources.reduce((sum, r) => sum + (r.pages.total ?? 0), 0);
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
    return { runId, progress: outcome.progress, seconds: outcome.seconds, logFiles: services.logFiles };
  } finally {
    await services.stop();
  }
};
