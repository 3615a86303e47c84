import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pollerCommand, SERVICE_NAMES, type ServiceName } from '@sluice/cli';

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Every log line the process wrote so far, stdout and stderr. */
  lines: string[];
  exited: Promise<ServiceExit>;
}

export interface ServiceFleet {
  /** Starts the service (one process per service at a time) and resolves once it polls. */
  start: (service: ServiceName) => Promise<ServiceProcess>;
  /** Starts the three services at once; resolves once each polls. */
  startAll: () => Promise<ServiceProcess[]>;
  /** The service's current process. */
  current: (service: ServiceName) => ServiceProcess;
  /** Sends the signal to the service's process and resolves when it has exited. */
  signal: (service: ServiceName, signal: NodeJS.Signals) => Promise<ServiceExit>;
  /** Every line any process of the service wrote, across restarts. */
  linesOf: (service: ServiceName) => string[];
  /** SIGTERM to every running process, SIGKILL to any still running after `graceMs`. */
  stopAll: (graceMs?: number) => Promise<void>;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * The three pollers as processes the flows can kill and restart one by one (`startLocalServices` starts and
 * stops them together). Lines go to `<logDir>/<service>.log` as well, for a failing flow's post-mortem.
 */
export const createServiceFleet = (env: Record<string, string>, logDir: string): ServiceFleet => {
  mkdirSync(logDir, { recursive: true });
  const processes = new Map<ServiceName, ServiceProcess>();
  const history = Object.fromEntries(SERVICE_NAMES.map((service) => [service, [] as string[]]));

  const current = (service: ServiceName): ServiceProcess => {
    const running = processes.get(service);
    if (!running) throw new Error(`the ${service} was never started`);
    return running;
  };

  const start = async (service: ServiceName): Promise<ServiceProcess> => {
    const previous = processes.get(service);
    if (previous && isRunning(previous.child)) throw new Error(`the ${service} is already running`);
    const log = createWriteStream(join(logDir, `${service}.log`), { flags: 'a' });
    const poller = await pollerCommand(service, { ...process.env, ...env });
    const child = spawn(poller.command, poller.args, {
      env: poller.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const exited = new Promise<ServiceExit>((resolve) =>
      child.once('exit', (code, signal) => {
        log.end();
        resolve({ code, signal });
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const onLine = (line: string) => {
        log.write(`${line}\n`);
        lines.push(line);
        history[service]?.push(line);
        if (line.includes('"msg":"polling"')) resolve();
      };
      createInterface({ input: child.stdout }).on('line', onLine);
      createInterface({ input: child.stderr }).on('line', onLine);
      void exited.then(({ code }) =>
        reject(new Error(`the ${service} exited (${code}) before polling:\n${lines.join('\n')}`)),
      );
    });
    // Should the flow's own process end without cleaning up, its services must not poll on for ever.
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    void exited.then(() => process.off('exit', orphanGuard));
    const started = { child, lines, exited };
    processes.set(service, started);
    await ready;
    return started;
  };

  const signal = (service: ServiceName, name: NodeJS.Signals): Promise<ServiceExit> => {
    const { child, exited } = current(service);
    if (isRunning(child)) child.kill(name);
    return exited;
  };

  const stopAll = async (graceMs = 10_000) => {
    await Promise.all(
      [...processes.values()].map(async ({ child, exited }) => {
        if (!isRunning(child)) return;
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(kill);
      }),
    );
  };

  const startAll = () => Promise.all(SERVICE_NAMES.map((service) => start(service)));
  return { start, startAll, current, signal, linesOf: (service) => history[service] ?? [], stopAll };
};
