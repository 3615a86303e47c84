import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, open } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

export type CommandResult = {
  /** null when the command could not be started or was killed by the timeout. */
  code: number | null;
  stdout: string;
  stderr: string;
  error: Error | null;
};

export type RunOptions = { timeoutMs?: number; input?: string; env?: NodeJS.ProcessEnv };

/** Runs a short command and never throws: probing tools (docker, python) must not crash `stack up`. */
export type RunCommand = (command: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

export const runCommand: RunCommand = (command, args, options = {}) =>
  new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: Error | null = null;
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
    });
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (cause) => {
      error = cause;
    });
    child.stdin?.end(options.input);
    child.on('close', (code) =>
      resolve({
        code: error === null ? code : null,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        error,
      }),
    );
  });

/** Runs a long command (pip install) with its output going to a log file instead of memory; resolves to the exit code. */
export const runToLog = async (
  command: string,
  args: string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | null> => {
  await mkdir(dirname(logFile), { recursive: true });
  const log = await open(logFile, 'w');
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['ignore', log.fd, log.fd] });
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
  } finally {
    await log.close();
  }
};

export const findOnPath = async (
  name: string,
  pathVariable = process.env.PATH ?? '',
): Promise<string | null> => {
  for (const folder of pathVariable.split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
};
