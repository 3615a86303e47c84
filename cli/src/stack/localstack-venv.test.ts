import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PythonVersionError } from './errors.ts';
import {
  decideVenvInstall,
  ensureLocalstackVenv,
  isPythonSupported,
  parsePythonVersion,
  readPinnedVersion,
  sha256,
} from './localstack-venv.ts';
import { resolveStackPaths } from './paths.ts';
import type { RunCommand } from './run-command.ts';

const LOCK = '# pinned\nlocalstack-core==4.13.1\nlocalstack-ext==4.13.1\n';

describe('Function: decideVenvInstall()', () => {
  it('creates the venv when it has no python', () => {
    expect(decideVenvInstall({ hasPython: false, stamp: null, lockHash: 'abc' })).toBe('create');
  });

  it('reuses the venv when the stamp matches the lock hash', () => {
    expect(decideVenvInstall({ hasPython: true, stamp: 'abc', lockHash: 'abc' })).toBe('ready');
  });

  it('recreates the venv when the lock changed since the install', () => {
    expect(decideVenvInstall({ hasPython: true, stamp: 'old', lockHash: 'abc' })).toBe('recreate');
  });

  it('recreates the venv when an earlier install never finished (no stamp)', () => {
    expect(decideVenvInstall({ hasPython: true, stamp: null, lockHash: 'abc' })).toBe('recreate');
  });
});

describe('Function: parsePythonVersion() and isPythonSupported()', () => {
  it('reads the version python prints', () => {
    expect(parsePythonVersion('3.11.7\n')).toEqual([3, 11, 7]);
  });

  it('accepts 3.10 and later, rejects 3.9', () => {
    expect(isPythonSupported([3, 10, 0])).toBe(true);
    expect(isPythonSupported([3, 13, 1])).toBe(true);
    expect(isPythonSupported([3, 9, 18])).toBe(false);
    expect(isPythonSupported([2, 7, 18])).toBe(false);
  });
});

describe('Function: readPinnedVersion()', () => {
  it('finds localstack-core with or without extras', () => {
    expect(readPinnedVersion(LOCK)).toBe('4.13.1');
    expect(readPinnedVersion('localstack-core[runtime]==4.13.1\n')).toBe('4.13.1');
    expect(readPinnedVersion('boto3==1.42.34\n')).toBeNull();
  });
});

describe('Function: ensureLocalstackVenv()', () => {
  let projectRoot: string;

  beforeEach(async () => {
    projectRoot = await mkdtemp(join(tmpdir(), 'sluice-venv-'));
    const paths = resolveStackPaths(projectRoot);
    await mkdir(dirname(paths.lockFile), { recursive: true });
    await writeFile(paths.lockFile, LOCK);
  });

  afterEach(async () => {
    await rm(projectRoot, { recursive: true, force: true });
  });

  it('runs nothing when the venv was installed from this lock file', async () => {
    // Prepare
    const paths = resolveStackPaths(projectRoot);
    await mkdir(dirname(paths.venvPython), { recursive: true });
    await writeFile(paths.venvPython, '');
    await writeFile(paths.installStampFile, `${sha256(await readFile(paths.lockFile, 'utf8'))}\n`);
    const run: RunCommand = () => Promise.reject(new Error('must not run anything'));

    // Act
    const venv = await ensureLocalstackVenv({ projectRoot, run });

    // Assess
    expect(venv).toEqual({ python: paths.venvPython, installed: false, version: '4.13.1' });
  });

  it('throws a clear error when python is older than 3.10', async () => {
    // Prepare
    const run: RunCommand = async () => ({ code: 0, stdout: '3.9.18\n', stderr: '', error: null });

    // Act
    const install = ensureLocalstackVenv({ projectRoot, python: 'python3.9', run });

    // Assess
    await expect(install).rejects.toThrow(PythonVersionError);
    await expect(install).rejects.toThrow('LocalStack needs Python 3.10+ but `python3.9` is 3.9.18');
  });

  it('throws a clear error when python cannot be run', async () => {
    // Prepare
    const run: RunCommand = async () => ({
      code: null,
      stdout: '',
      stderr: '',
      error: new Error('spawn ENOENT'),
    });

    // Act
    const install = ensureLocalstackVenv({ projectRoot, python: 'no-such-python', run });

    // Assess
    await expect(install).rejects.toThrow('`no-such-python` did not run (spawn ENOENT)');
  });
});
