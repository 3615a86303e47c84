import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidPipelineFilesError, readPipelineDefinitions } from '../src/pipeline-files.ts';
import { PIPELINES_DIR } from './support/build-stack.ts';

describe('Function: readPipelineDefinitions()', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-infra-pipelines-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every pipeline file of the repository, in name order', async () => {
    // Prepare
    const files = readdirSync(PIPELINES_DIR).filter((name) => name.endsWith('.yaml'));

    // Act
    const pipelines = await readPipelineDefinitions(PIPELINES_DIR);

    // Assess
    expect(pipelines.map((pipeline) => `${pipeline.name}.yaml`)).toEqual(files.sort());
    expect(pipelines.find((pipeline) => pipeline.name === 'rickandmorty')?.schedule).toBe(
      'cron(0 3 * * ? *)',
    );
  });

  it('throws, with each error at its file and line, when a file is invalid', async () => {
    // Prepare
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: broken\ndescription: d\nschedule: every night\n');

    // Act
    const act = readPipelineDefinitions(dir);

    // Assess
    await expect(act).rejects.toBeInstanceOf(InvalidPipelineFilesError);
    await expect(act).rejects.toThrow(`${file}:3:1 schedule: a schedule is cron(`);
  });

  it('reads nothing from a folder without pipeline files', async () => {
    // Act
    const pipelines = await readPipelineDefinitions(dir);

    // Assess
    expect(pipelines).toEqual([]);
  });
});
