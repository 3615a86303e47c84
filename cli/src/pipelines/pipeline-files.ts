import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  loadPipelines,
  type PipelineFileResult,
  parsePipelineYaml,
} from '@sluice/contracts/pipeline-definition';
import { PROJECT_ROOT } from '../config.ts';

/** Where the pipeline files live: `pipelines/` at the repository root. */
export const PIPELINES_DIR = join(PROJECT_ROOT, 'pipelines');

/**
 * Every `pipelines/*.yaml`, each reported under a path relative to the working directory
 * (`pipelines/coincap.yaml` from the root), which editors and terminals turn into links.
 */
export const loadShippedPipelines = async (cwd = process.cwd()): Promise<PipelineFileResult[]> => {
  try {
    return await loadPipelines(relative(cwd, PIPELINES_DIR) || '.');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};

/** The files named, as named; one that cannot be read is an error of that file, not of the command. */
export const readPipelineFiles = (files: readonly string[]): Promise<PipelineFileResult[]> =>
  Promise.all(
    files.map(async (file): Promise<PipelineFileResult> => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const message = `cannot be read: ${(error as Error).message}`;
        return { ok: false, file, errors: [{ file, line: 1, column: 1, path: '', message }] };
      }
      return parsePipelineYaml(text, file);
    }),
  );
