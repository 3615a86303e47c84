import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleOnChange, POLLER_HEAP_FLAGS, pollerCommand } from './poller-bundles.ts';

describe('bundleOnChange', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-bundles-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('bundles each entry with what it imports, reuses the build while nothing changed, and builds again when an input did', async () => {
    const source = tempDir();
    writeFileSync(join(source, 'answer.ts'), 'export const answer: number = 41;\n');
    writeFileSync(
      join(source, 'main.ts'),
      "import { answer } from './answer.ts';\nexport const value = answer;\n",
    );
    const out = tempDir();

    const first = await bundleOnChange(out, { main: join(source, 'main.ts') });
    expect(Object.keys(first)).toEqual(['main']);
    expect((await import(first.main as string)).value).toBe(41);

    const again = await bundleOnChange(out, { main: join(source, 'main.ts') });
    expect(again.main).toBe(first.main);

    writeFileSync(join(source, 'answer.ts'), 'export const answer: number = 42;\n');
    const rebuilt = await bundleOnChange(out, { main: join(source, 'main.ts') });
    expect(rebuilt.main).not.toBe(first.main);
    expect((await import(rebuilt.main as string)).value).toBe(42);
    // A process started from the replaced build may still import its chunks: it is kept for a while.
    expect(existsSync(first.main as string)).toBe(true);
  });

  it("starts a poller with Sluice's heap flags, except those NODE_OPTIONS sets itself", async () => {
    const defaults = await pollerCommand('loader', { SLUICE_PIPELINES_DIR: '/somewhere' });
    expect(defaults.args.slice(0, -1)).toEqual([...POLLER_HEAP_FLAGS]);
    expect(defaults.args.at(-1)).toMatch(/loader\.mjs$/);
    expect(defaults.env.SLUICE_PIPELINES_DIR).toBe('/somewhere');

    const own = await pollerCommand('loader', { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(own.args.slice(0, -1)).toEqual(POLLER_HEAP_FLAGS.filter((flag) => !flag.startsWith('--max-old')));
    // Without a folder of its own, a bundle reads the repository's pipeline files.
    expect(own.env.SLUICE_PIPELINES_DIR).toMatch(/pipelines\/?$/);
  });
});
