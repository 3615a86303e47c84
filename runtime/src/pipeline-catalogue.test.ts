import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeInvalidFiles, loadPipelineCatalogue, pipelinesDirOf } from './pipeline-catalogue.ts';

const folderWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-catalogue-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

describe('Function: describeInvalidFiles()', () => {
  const error = (file: string, line: number, path: string, message: string) => ({
    file,
    line,
    column: 3,
    path,
    message,
  });

  it('names the file and its problem in one line', () => {
    expect(describeInvalidFiles([error('pipelines/bad.yaml', 3, 'source.type', "not 'soap'")])).toBe(
      "invalid pipeline file pipelines/bad.yaml:3:3 source.type: not 'soap'",
    );
  });

  it('gives each file its first problem, by position, and counts the others for sluice validate', () => {
    // Act
    const line = describeInvalidFiles([
      error('pipelines/a.yaml', 9, 'schedule', 'not a schedule'),
      error('pipelines/a.yaml', 2, 'source.type', "not 'soap'"),
      error('pipelines/b.yaml', 4, 'name', 'must be b'),
    ]);

    // Assess
    expect(line).toBe(
      "invalid pipeline files pipelines/a.yaml:2:3 source.type: not 'soap' (and 1 more); pipelines/b.yaml:4:3 name: must be b; `npx sluice validate` lists every problem",
    );
    expect(line).not.toContain('\n');
  });
});

describe('Function: loadPipelineCatalogue()', () => {
  it('reads the shipped pipeline files', async () => {
    // Act
    const catalogue = await loadPipelineCatalogue(pipelinesDirOf({}));

    // Assess
    expect(catalogue.names().sort()).toEqual(['coincap', 'episodes-html', 'rickandmorty', 'sakila']);
    expect(Object.keys(catalogue.get('rickandmorty').source.resources)).toEqual([
      'location',
      'episode',
      'character',
    ]);
  });

  it('refuses to start with an invalid file, giving its errors as sluice validate does', async () => {
    // Prepare
    const dir = folderWith({ 'broken.yaml': 'name: broken\ndescription: x\nschedule: cron(bad)\n' });

    // Act
    const act = loadPipelineCatalogue(dir);

    // Assess
    await expect(act).rejects.toMatchObject({ name: 'ConfigError' });
    await expect(act).rejects.toThrow(/^invalid pipeline file \S*broken\.yaml:1:1 /);
  });

  it('names the pipelines it knows when asked for another, as an error retrying cannot fix', async () => {
    const catalogue = await loadPipelineCatalogue(pipelinesDirOf({}));
    expect(() => catalogue.get('nope')).toThrow(
      expect.objectContaining({
        retryable: false,
        message: expect.stringMatching(/unknown pipeline nope: .*rickandmorty/),
      }),
    );
  });
});
