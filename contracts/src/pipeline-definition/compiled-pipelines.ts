import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDefinition } from './pipeline.ts';
import { formatPipelineFileError, loadPipelines } from './read-pipeline-file.ts';

/**
 * The pipeline files of a Lambda bundle, validated when it was built (scripts/bundle-lambda.mjs writes it
 * beside the YAML it copies). A cold start then reads JSON instead of loading the YAML parser and running
 * zod over every file: about half the import time of a bundle (bench/README.md, cold import).
 */
export const COMPILED_PIPELINES_FILE = 'compiled.json';

interface CompiledPipelines {
  /** Each `*.yaml` file of the folder by name: the SHA-256 of its text and what validating it gave. */
  files: Record<string, { sha256: string; pipeline: PipelineDefinition }>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const yamlFilesOf = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();

/** Validates every pipeline file of `dir` and writes what they give to `dir/compiled.json`; throws on an invalid one. */
export const writeCompiledPipelines = async (dir: string): Promise<string> => {
  const results = await loadPipelines(dir);
  const errors = results.flatMap((result) => (result.ok ? [] : result.errors.map(formatPipelineFileError)));
  if (errors.length > 0) throw new Error(`invalid pipeline files:\n${errors.join('\n')}`);
  const files: CompiledPipelines['files'] = {};
  for (const result of results) {
    if (!result.ok) continue;
    const name = result.file.slice(dir.length).replace(/^[/\\]+/, '');
    files[name] = { sha256: sha256(await readFile(result.file, 'utf8')), pipeline: result.pipeline };
  }
  const file = join(dir, COMPILED_PIPELINES_FILE);
  await writeFile(file, JSON.stringify({ files } satisfies CompiledPipelines));
  return file;
};

/**
 * The pipelines `dir/compiled.json` holds, or null when there is none or it no longer matches the YAML
 * beside it (a file added, removed or edited since the build): the caller then reads the YAML itself, so
 * a stale compilation can never run in place of the files.
 */
export const readCompiledPipelines = async (dir: string): Promise<PipelineDefinition[] | null> => {
  let compiled: CompiledPipelines;
  try {
    compiled = JSON.parse(await readFile(join(dir, COMPILED_PIPELINES_FILE), 'utf8')) as CompiledPipelines;
  } catch {
    return null;
  }
  const names = await yamlFilesOf(dir);
  if (names.length !== Object.keys(compiled.files ?? {}).length) return null;
  const pipelines: PipelineDefinition[] = [];
  for (const name of names) {
    const entry = compiled.files[name];
    if (!entry || entry.sha256 !== sha256(await readFile(join(dir, name), 'utf8'))) return null;
    pipelines.push(entry.pipeline);
  }
  return pipelines;
};
