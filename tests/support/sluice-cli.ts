import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type CliEnv, PROJECT_ROOT, serviceEnvOf } from '@sluice/cli';

const SLUICE = join(PROJECT_ROOT, 'cli', 'bin', 'sluice.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `sluice` command, as an operator would, against the deployment `env` names. */
export const runSluice = (env: CliEnv, ...args: string[]): Promise<CliResult> =>
  runSluiceWith({}, env, ...args);

/** `runSluice` with more variables set for the command (a CLI setting such as an outage limit). */
export const runSluiceWith = (
  variables: Record<string, string>,
  env: CliEnv,
  ...args: string[]
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SLUICE, ...args],
      { env: { ...process.env, ...serviceEnvOf(env), ...variables } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
