import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { pollerCommand } from './poller-bundles.ts';
import { SERVICE_NAMES, type ServiceName } from './service-names.ts';

export { SERVICE_NAMES, type ServiceName };

export interface LocalServices {
  logFiles: Record<ServiceName, string>;
  /** SIGTERM to each, SIGKILL to any still running after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
  /** Resolves when any service exits on its own, with its name and exit code. */
  exited: Promise<{ service: ServiceName; code: number | null }>;
}

/**
 * Starts the three pollers as separate processes, each logging JSON lines to `<logDir>/<service>.log`
 * (and to `echo`, when given), and resolves once each says it is polling.
 */
export const startLocalServices = async (options: {
  env: Record<string, string>;
  logDir: string;
  echo?: (service: ServiceName, line: string) => void;
  readyTimeoutMs?: number;
}): Promise<LocalServices> => {
  mkdirSync(options.logDir, { recursive: true });
  const logFiles = Object.fromEntries(
    SERVICE_NAMES.map((s) => [s, join(options.logDir, `${s}.log`)]),
  ) as Record<ServiceName, string>;
  const commands = await Promise.all(
    SERVICE_NAMES.map((service) =>
      pollerCommand(service, { ...process.env, ...options.env, SLUICE_STOP_WITH_PARENT: '1' }),
    ),
  );
  const children = SERVICE_NAMES.map((service, index) =>
    startService(commands[index] as PollerCommand, logFiles[service], { ...options, service }),
  );
  const stop = (graceMs = 10_000) =>
    Promise.all(children.map(({ child }) => stopChild(child, graceMs))).then(() => {});
  try {
    await Promise.all(children.map(({ ready }) => withTimeout(ready, options.readyTimeoutMs ?? 30_000)));
  } catch (error) {
    await stop(2_000);
    throw error;
  }
  const exited = Promise.race(children.map(({ exit }) => exit));
  return { logFiles, stop, exited };
};

type PollerCommand = Awaited<ReturnType<typeof pollerCommand>>;

const startService = (
  poller: PollerCommand,
  logFile: string,
  options: { service: ServiceName; echo?: (service: ServiceName, line: string) => void },
) => {
  const { service } = options;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(poller.command, poller.args, {
    env: poller.env,
    // stdin stays open and unused: it closes when this process dies, which tells the poller to stop.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lastLines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (line: string) => {
      log.write(`${line}\n`);
      options.echo?.(service, line);
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      if (line.includes('"msg":"polling"')) resolve();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.once('exit', (code) => {
      const refusal = refusalIn(lastLines);
      reject(
        new Error(
          refusal
            ? `the ${service} ${refusal}`
            : `the ${service} exited (code ${code}) before it was ready:\n${lastLines.join('\n')}`,
        ),
      );
    });
  });
  const exit = new Promise<{ service: ServiceName; code: number | null }>((resolve) =>
    child.once('exit', (code) => {
      log.end();
      resolve({ service, code });
    }),
  );
  return { child, ready, exit };
};

// pino's number for `fatal`: the level a service refuses to start at.
const FATAL = 60;

/**
 * What a service said when it refused to start (`refused to start: invalid pipeline file …`), from its last
 * log lines: the one line worth showing. Null when it died some other way.
 */
export const refusalIn = (lines: readonly string[]): string | null => {
  for (const line of [...lines].reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (entry.level === FATAL && typeof entry.msg === 'string') return entry.msg;
    } catch {
      // Not a log line: a stack trace, a warning from Node.
    }
  }
  return null;
};

const stopChild = (child: ChildProcess, graceMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a service was not ready after ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
