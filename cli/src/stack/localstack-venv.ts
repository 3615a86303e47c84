import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { readLogTail } from './detached-process.ts';
import { ProcessStartError, PythonVersionError } from './errors.ts';
import { resolveStackPaths } from './paths.ts';
import { type RunCommand, runCommand, runToLog } from './run-command.ts';
import { ignoreProgress, type OnProgress } from './types.ts';

/** localstack-core 4.13.1 needs Python 3.10+ (4.14 would need 3.12, which is one reason we stay on 4.13.1). */
const MIN_PYTHON: readonly [number, number] = [3, 10];

export type VenvDecision = 'ready' | 'create' | 'recreate';

/** Install only when the venv is missing or was installed from a different lock file than the one we have now. */
export const decideVenvInstall = (state: {
  hasPython: boolean;
  stamp: string | null;
  lockHash: string;
}): VenvDecision => {
  if (!state.hasPython) return 'create';
  return state.stamp === state.lockHash ? 'ready' : 'recreate';
};

export const parsePythonVersion = (text: string): [number, number, number] | null => {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
};

export const isPythonSupported = ([major, minor]: readonly number[]): boolean =>
  (major ?? 0) > MIN_PYTHON[0] || ((major ?? 0) === MIN_PYTHON[0] && (minor ?? 0) >= MIN_PYTHON[1]);

/** The version the lock pins, for progress lines ("installing LocalStack 4.13.1 …"). */
export const readPinnedVersion = (lockText: string): string | null =>
  /^localstack-core(?:\[[^\]]*\])?==(\S+)/m.exec(lockText)?.[1] ?? null;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export type EnsureVenvOptions = {
  projectRoot: string;
  python?: string;
  onProgress?: OnProgress;
  run?: RunCommand;
};

export type LocalstackVenv = { python: string; installed: boolean; version: string | null };

export const ensureLocalstackVenv = async (options: EnsureVenvOptions): Promise<LocalstackVenv> => {
  const { projectRoot, python = 'python3', onProgress = ignoreProgress, run = runCommand } = options;
  const paths = resolveStackPaths(projectRoot);
  const lockText = await readFile(paths.lockFile, 'utf8');
  const lockHash = sha256(lockText);
  const version = readPinnedVersion(lockText);
  const hasPython = await access(paths.venvPython).then(
    () => true,
    () => false,
  );
  const stamp = (await readFile(paths.installStampFile, 'utf8').catch(() => '')).trim() || null;
  const decision = decideVenvInstall({ hasPython, stamp, lockHash });
  if (decision === 'ready') return { python: paths.venvPython, installed: false, version };

  await assertPythonVersion(run, python);
  const where = relative(projectRoot, paths.venvDir);
  const why = decision === 'recreate' ? ' (requirements.lock changed)' : '';
  // Mostly downloads from PyPI: a minute on a fast link, ten or more on a slow one (seen here).
  onProgress(
    `installing LocalStack ${version ?? ''} into ${where}${why} (once; a few minutes, mostly downloads: ${relative(projectRoot, paths.pipLogFile)} shows them)…`,
    'info',
  );
  const startedAt = Date.now();
  await mkdir(paths.localstackDir, { recursive: true });
  // --clear: a changed lock gets a clean venv, so no package from the old lock lingers.
  const venv = await run(python, ['-m', 'venv', '--clear', paths.venvDir], { timeoutMs: 120_000 });
  if (venv.code !== 0) {
    throw new PythonVersionError(
      `\`${python} -m venv\` failed (on Debian: apt-get install python3-venv):\n${venv.stderr}`,
    );
  }
  const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', paths.lockFile];
  const code = await runToLog(paths.venvPython, pipArgs, paths.pipLogFile);
  if (code !== 0) {
    throw new ProcessStartError(
      `pip install of ${relative(projectRoot, paths.lockFile)} failed (exit ${code})`,
      {
        logFile: paths.pipLogFile,
        logTail: await readLogTail(paths.pipLogFile),
      },
    );
  }
  // Written last: an interrupted install leaves no stamp and is redone next time.
  await writeFile(paths.installStampFile, `${lockHash}\n`);
  onProgress(
    `installed LocalStack ${version ?? ''} in ${Math.round((Date.now() - startedAt) / 1000)} s`,
    'info',
  );
  return { python: paths.venvPython, installed: true, version };
};

const assertPythonVersion = async (run: RunCommand, python: string): Promise<void> => {
  const result = await run(python, ['-c', 'import sys; print(sys.version.split()[0])'], {
    timeoutMs: 15_000,
  });
  if (result.code !== 0) {
    throw new PythonVersionError(
      `LocalStack needs Python ${MIN_PYTHON.join('.')}+ but \`${python}\` did not run (${result.error?.message ?? result.stderr.trim()})`,
    );
  }
  const found = parsePythonVersion(result.stdout);
  if (!found || !isPythonSupported(found)) {
    throw new PythonVersionError(
      `LocalStack needs Python ${MIN_PYTHON.join('.')}+ but \`${python}\` is ${result.stdout.trim() || 'unknown'}; install a newer Python or pass its path`,
    );
  }
};
