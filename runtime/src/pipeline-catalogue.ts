import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatPipelineFileError,
  loadPipelines,
  type PipelineDefinition,
  type PipelineFileError,
  readCompiledPipelines,
} from '@sluice/contracts/pipeline-definition';
import { ConfigError, SluiceError } from './errors.ts';

/** The pipelines a service runs, read and validated once at start. */
export interface PipelineCatalogue {
  /** Throws a non-retryable error for a pipeline no file declares: a message naming one cannot pass later. */
  get: (name: string) => PipelineDefinition;
  names: () => string[];
  /** Where the files were read from, for messages. */
  dir: string;
}

/**
 * Where pipeline files are: `SLUICE_PIPELINES_DIR`, else beside the Lambda bundle (the build copies them
 * there), else the repository's `pipelines/`.
 */
export const pipelinesDirOf = (env: {
  SLUICE_PIPELINES_DIR?: string | undefined;
  LAMBDA_TASK_ROOT?: string | undefined;
}) =>
  env.SLUICE_PIPELINES_DIR ??
  (env.LAMBDA_TASK_ROOT
    ? join(env.LAMBDA_TASK_ROOT, 'pipelines')
    : fileURLToPath(new URL('../../pipelines/', import.meta.url)));

export const catalogueOf = (dir: string, pipelines: PipelineDefinition[]): PipelineCatalogue => {
  const byName = new Map(pipelines.map((pipeline) => [pipeline.name, pipeline]));
  return {
    dir,
    names: () => [...byName.keys()],
    get: (name) => {
      const pipeline = byName.get(name);
      if (!pipeline) {
        throw new SluiceError(
          `unknown pipeline ${name}: ${dir} declares ${[...byName.keys()].join(', ') || 'none'}`,
          {
            context: { pipeline: name, dir },
            retryable: false,
          },
        );
      }
      return pipeline;
    },
  };
};

const byPosition = (a: PipelineFileError, b: PipelineFileError) => a.line - b.line || a.column - b.column;

/**
 * One line for the invalid files, however many: each file's first problem at `file:line:column`, and how
 * many more `sluice validate` lists. It is what a service prints when it refuses to start, and what the CLI
 * prints for the same files: a stack trace around it would only bury it.
 */
export const describeInvalidFiles = (errors: readonly PipelineFileError[]): string => {
  const files = [...new Set(errors.map(({ file }) => file))];
  const described = files.map((file) => {
    const [first, ...more] = errors.filter((error) => error.file === file).sort(byPosition);
    const others = more.length === 0 ? '' : ` (and ${more.length} more)`;
    return `${formatPipelineFileError(first as PipelineFileError)}${others}`;
  });
  const hint = described.length < errors.length ? '; `npx sluice validate` lists every problem' : '';
  return `invalid pipeline file${files.length > 1 ? 's' : ''} ${described.join('; ')}${hint}`;
};

/**
 * Reads every pipeline file of `dir`. A service refuses to start with an invalid one, with the same
 * errors `sluice validate` prints, rather than fail on its first message. A Lambda bundle's folder holds
 * what the build validated (`compiled.json`), taken while it still matches the files.
 */
export const loadPipelineCatalogue = async (dir: string): Promise<PipelineCatalogue> => {
  const compiled = await readCompiledPipelines(dir).catch(() => null);
  if (compiled) return catalogueOf(dir, compiled);
  let results: Awaited<ReturnType<typeof loadPipelines>>;
  try {
    results = await loadPipelines(dir);
  } catch (error) {
    throw new ConfigError(`cannot read pipeline files in ${dir}: ${(error as Error).message}`);
  }
  const errors = results.flatMap((result) => (result.ok ? [] : result.errors));
  if (errors.length > 0) throw new ConfigError(describeInvalidFiles(errors));
  return catalogueOf(
    dir,
    results.flatMap((result) => (result.ok ? [result.pipeline] : [])),
  );
};
