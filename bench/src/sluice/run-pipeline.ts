import { countWarehouseRows, type LocalServices, serviceEnvOf } from '@sluice/cli';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { startRickAndMortyApi } from '@sluice/fixtures';
import type { RunProgress } from '@sluice/warehouse';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import type { BenchDeployment } from './bench-deployment.ts';
import { runOnServices } from './run-on-services.ts';

export interface PipelineOutcome {
  runId: string;
  progress: RunProgress;
  /** From the request until every page is loaded, read every 0.5 s, as `sluice start` reports it. */
  seconds: number;
  tables: Record<string, number>;
  logFiles: LocalServices['logFiles'];
}

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
  const api = await startRickAndMortyApi({ dataset: source.dataset });
  try {
    const run = await runOnServices(deployment, pipeline, {
      ...options,
      serviceEnv: serviceEnvOf(deployment.env, { RICK_AND_MORTY_API_URL: api.url }),
      request: { fullRefresh: true },
    });
    return { ...run, tables: await countWarehouseRows(deployment.platform.warehouse.db, pipeline) };
  } finally {
    await api.close();
  }
};
