import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ActionlintInstallError, ensureActionlint, findOnPath, runActionlint } from './support/actionlint.ts';

// GitHub Actions cannot run on this machine, so the workflows are checked here: actionlint reads them as
// GitHub would (keys, expressions, action inputs, `needs`, permissions) and, where it is installed,
// shellcheck reads their `run:` scripts.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKFLOWS_DIR = join(ROOT, '.github', 'workflows');

// Installed inside the tests, not in a hook: a failed install then fails them rather than skipping them.
let installing: Promise<{ binary: string; tools: { shellcheck: string | null; pyflakes: string | null } }>;
const prepareActionlint = () => {
  installing ??= (async () => ({
    binary: (await ensureActionlint(ROOT)).binary,
    tools: { shellcheck: await findOnPath('shellcheck'), pyflakes: await findOnPath('pyflakes') },
  }))();
  return installing;
};

describe('Workflows: .github/workflows/*.yml', () => {
  it('pass actionlint', { timeout: 300_000 }, async () => {
    // Prepare
    const { binary, tools } = await prepareActionlint();
    const files = (await readdir(WORKFLOWS_DIR))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join('.github', 'workflows', name));

    // Act
    const result = await runActionlint(binary, files, { cwd: ROOT, ...tools });

    // Assess
    expect(files).toEqual(expect.arrayContaining([join('.github', 'workflows', 'checks.yml')]));
    const shellcheck = tools.shellcheck ? `with ${tools.shellcheck}` : 'off: not installed';
    expect(result.output, `actionlint (shellcheck ${shellcheck}) reported:\n${result.output}`).toBe('');
    expect(result.code).toBe(0);
  });

  it('reports a broken workflow, so a pass means something', { timeout: 300_000 }, async () => {
    // Prepare
    const { binary, tools } = await prepareActionlint();
    const dir = await mkdtemp(join(tmpdir(), 'sluice-actionlint-'));
    const file = join(dir, 'broken.yml');
    const workflow = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, misspelt on purpose
      '      - run: echo "${{ github.evnt }}"',
    ];
    await writeFile(file, `${workflow.join('\n')}\n`);

    try {
      // Act
      const result = await runActionlint(binary, [file], { cwd: dir, ...tools });

      // Assess
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/property "evnt" is not defined/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Function: ensureActionlint()', () => {
  it('throws, naming the step, when it cannot install', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 'sluice-actionlint-root-'));

    try {
      // Act
      const install = ensureActionlint(root, join(root, 'no-such-python'));

      // Assess
      await expect(install).rejects.toThrow(ActionlintInstallError);
      await expect(install).rejects.toThrow(
        /could not install actionlint: `.*no-such-python -m venv` failed/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
