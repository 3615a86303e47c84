import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPILED_PIPELINES_FILE,
  readCompiledPipelines,
  writeCompiledPipelines,
} from './compiled-pipelines.ts';
import { loadPipelines } from './read-pipeline-file.ts';

const SHIPPED = fileURLToPath(new URL('../../../pipelines/', import.meta.url));

describe('compiled pipelines', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-compiled-'));
    await cp(SHIPPED, dir, { recursive: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives exactly what validating the YAML gives, for every shipped file', async () => {
    await writeCompiledPipelines(dir);
    const validated = (await loadPipelines(dir)).map((result) => (result.ok ? result.pipeline : result));

    const compiled = await readCompiledPipelines(dir);

    expect(compiled).toEqual(validated);
    expect(compiled?.length).toBeGreaterThan(3);
  });

  it('is not used once a file is edited, added or removed after the build', async () => {
    await writeCompiledPipelines(dir);
    const edited = join(dir, 'rickandmorty.yaml');
    const text = await readFile(edited, 'utf8');

    await writeFile(edited, text.replace('Characters, locations', 'Characters and locations'));
    expect(await readCompiledPipelines(dir)).toBeNull();

    await writeFile(edited, text);
    expect(await readCompiledPipelines(dir)).not.toBeNull();
    await writeFile(join(dir, 'extra.yaml'), text.replace('name: rickandmorty', 'name: extra'));
    expect(await readCompiledPipelines(dir)).toBeNull();

    await rm(join(dir, 'extra.yaml'));
    await rm(join(dir, 'coincap.yaml'));
    expect(await readCompiledPipelines(dir)).toBeNull();
  });

  it('is null where the build wrote none, and refuses to compile an invalid file', async () => {
    expect(await readCompiledPipelines(dir)).toBeNull();

    await writeFile(join(dir, 'broken.yaml'), 'name: broken\nsource: {}\n');
    await expect(writeCompiledPipelines(dir)).rejects.toThrow(/broken\.yaml:\d+:\d+/);
    await expect(readFile(join(dir, COMPILED_PIPELINES_FILE))).rejects.toThrow(/ENOENT/);
  });
});
