import {
  formatPipelineFileError,
  loadPipelines,
  type PipelineDefinition,
  type PipelineFileResult,
} from '@sluice/contracts/pipeline-definition';

export class InvalidPipelineFilesError extends Error {
  readonly errors: string[];

  constructor(errors: string[]) {
    super(`Invalid pipeline files (npx sluice validate shows the same):\n${errors.join('\n')}`);
    this.name = 'InvalidPipelineFilesError';
    this.errors = errors;
  }
}

/**
 * The definitions of every file, or an error listing every problem as `file:line:column`: a stack whose
 * functions would refuse to start on an invalid file must not deploy.
 */
export const definitionsOf = (results: readonly PipelineFileResult[]): PipelineDefinition[] => {
  const errors = results.flatMap((result) => (result.ok ? [] : result.errors.map(formatPipelineFileError)));
  if (errors.length > 0) throw new InvalidPipelineFilesError(errors);
  return results.flatMap((result) => (result.ok ? [result.pipeline] : []));
};

/** Reads and validates `dir/*.yaml` (the repository's `pipelines/`), as the services do at start. */
export const readPipelineDefinitions = async (dir: string): Promise<PipelineDefinition[]> =>
  definitionsOf(await loadPipelines(dir));
