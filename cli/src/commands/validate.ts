import { formatPipelineFileError, type PipelineFileResult } from '@sluice/contracts/pipeline-definition';
import { loadShippedPipelines, readPipelineFiles } from '../pipelines/pipeline-files.ts';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** One `✓` line per valid file; every error of the others as `file:line:column path: message`. */
export const formatValidation = (results: readonly PipelineFileResult[]): string => {
  const lines = results.flatMap((result) => {
    if (!result.ok) return result.errors.map(formatPipelineFileError);
    const { source, schedule } = result.pipeline;
    return [
      `✓ ${result.file} (${plural(Object.keys(source.resources).length, 'resource')}, schedule ${schedule})`,
    ];
  });
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    const errors = failed.reduce((count, result) => count + (result.ok ? 0 : result.errors.length), 0);
    lines.push(
      `${plural(errors, 'error')} in ${failed.length} of ${plural(results.length, 'pipeline file')}`,
    );
  }
  return `${lines.join('\n')}\n`;
};

/** `sluice validate [files…]`: checks pipeline files (by default every `pipelines/*.yaml`); exit 1 on any error. */
export const validateCommand = async (files: string[]) => {
  const results = files.length > 0 ? await readPipelineFiles(files) : await loadShippedPipelines();
  if (results.length === 0) {
    process.stderr.write('sluice: no pipeline files: pipelines/*.yaml is empty\n');
    process.exitCode = 1;
    return;
  }
  process.stdout.write(formatValidation(results));
  if (results.some((result) => !result.ok)) process.exitCode = 1;
};
