import { join } from 'node:path';

/**
 * The file of a pipeline named on the command line: a name (`books`) is `<dir>/books.yaml`, where `dir`
 * is where the services read pipelines (SLUICE_PIPELINES_DIR, else pipelines/); a path is itself.
 */
export const pipelineFileOf = (pipeline: string, dir: string): string =>
  /\.ya?ml$/.test(pipeline) || pipeline.includes('/') ? pipeline : join(dir, `${pipeline}.yaml`);
