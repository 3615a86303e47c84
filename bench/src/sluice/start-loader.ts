import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pollerCommand } from '@sluice/cli';

export interface LoaderProcess {
  /** Resolves with the exit code when the loader ends, on its own or after `stop`. */
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/**
 * The loader's poller alone, as a process like `startLocalServices` starts it, logging JSON lines to
 * `logFile`; resolves once it says it is polling.
 */
export const startLoader = async (env: Record<string, string>, logFile: string): Promise<LoaderProcess> => {
  const log = createWriteStream(logFile, { flags: 'a' });
  const loader = await pollerCommand('loader', { ...process.env, ...env, SLUICE_STOP_WITH_PARENT: '1' });
  // As startLocalServices does: stdin stays open and unused, and closes when the bench dies (killed, or
  // timed out in CI), which tells the poller to stop rather than poll on, orphaned.
  const child = spawn(loader.command, loader.args, {
    env: loader.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      if (line.includes('"msg":"polling"')) resolve();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    exited.then((code) =>
      reject(new Error(`the loader exited (code ${code}) before it was ready; see ${logFile}`)),
    );
  });
  return {
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      log.end();
    },
  };
};
