import { loadPipelineCatalogue, type PipelineCatalogue, pipelinesDirOf } from '@sluice/runtime';
import type { CliEnv } from '../config.ts';

/** The pipelines the services run: every pipeline file, all valid, or an error listing why not. */
export const loadCliPipelines = (env: Pick<CliEnv, 'SLUICE_PIPELINES_DIR'>): Promise<PipelineCatalogue> =>
  loadPipelineCatalogue(pipelinesDirOf(env));

/** One pipeline by name; an unknown name lists the known ones. */
export const pipelineNamed = async (env: Pick<CliEnv, 'SLUICE_PIPELINES_DIR'>, name: string) =>
  (await loadCliPipelines(env)).get(name);
