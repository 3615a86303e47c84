import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipelineCatalogue, pipelinesDirOf } from './pipeline-catalogue.ts';

const folderWith = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-catalogue-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

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
    await expect(act).rejects.toThrow(/broken\.yaml:3:\d+ schedule: /);
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
