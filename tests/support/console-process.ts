import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '@sluice/cli';

export interface ConsoleProcess {
  /** e.g. `http://127.0.0.1:41234`, without a trailing slash. */
  origin: string;
  /** Everything it wrote to stderr: failures it answered with a 500. */
  errors: string[];
  /** SIGTERM, and resolves when it has exited. */
  stop: () => Promise<void>;
}

const SLUICE = join(PROJECT_ROOT, 'cli', 'bin', 'sluice.mjs');

/** `sluice console --port 0` as a process, as an operator starts it; resolves once it says where it listens. */
export const startConsoleProcess = (
  env: Record<string, string>,
  args: string[] = [],
): Promise<ConsoleProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SLUICE, 'console', '--port', '0', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const errors: string[] = [];
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // Should the flow's process end without cleaning up, the console must not run on.
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    void exited.then(() => process.off('exit', orphanGuard));
    createInterface({ input: child.stderr }).on('line', (line) => errors.push(line));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const url = /^Sluice console: (http:\/\/\S+)\//.exec(line)?.[1];
      if (!url) return;
      resolve({
        origin: url,
        errors,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then(() =>
      reject(new Error(`sluice console exited before listening:\n${errors.join('\n')}`)),
    );
  });
