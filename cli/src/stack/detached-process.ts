import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessStartError, StackError } from './errors.ts';

export type DetachedCommand = {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  pidFile: string;
};

/** A started process plus what we learn about its exit while we still wait for it to become ready. */
export type DetachedProcess = {
  pid: number;
  exit: () => { code: number | null; signal: string | null } | null;
};

/**
 * Starts a process that outlives the CLI: its own process group (so `stop` can take its children too),
 * output into a log file, and unref'd so our Node process can exit while it keeps running.
 */
export const startDetached = async (spec: DetachedCommand): Promise<DetachedProcess> => {
  await mkdir(dirname(spec.logFile), { recursive: true });
  // A fresh log per start, so the tail we show on failure belongs to this attempt.
  const log = await open(spec.logFile, 'w');
  let child: ChildProcess;
  let exited: { code: number | null; signal: string | null } | null = null;
  try {
    child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    // Listening right away: a process that fails at once can exit before 'spawn' has even been handled.
    child.once('exit', (code, signal) => {
      exited = { code, signal };
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } finally {
    await log.close();
  }
  child.unref();
  const pid = child.pid as number;
  await mkdir(dirname(spec.pidFile), { recursive: true });
  await writeFile(spec.pidFile, `${pid}\n`);
  return { pid, exit: () => exited };
};

export type WaitOptions = {
  what: string;
  isReady: () => Promise<boolean>;
  /** null when the process is not ours (someone else's LocalStack): then there is no log to show. */
  logFile: string | null;
  timeoutMs: number;
  /** The process we started; omitted when someone else runs it (Docker), then only the timeout applies. */
  process?: DetachedProcess;
  intervalMs?: number;
};

export const waitUntilReady = async (options: WaitOptions): Promise<void> => {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 500;
  for (;;) {
    const exit = options.process?.exit();
    if (exit) {
      const how = exit.signal === null ? `with code ${exit.code}` : `on signal ${exit.signal}`;
      throw await toStartError(`${options.what} exited ${how} before it was ready`, options.logFile);
    }
    if (await options.isReady()) return;
    if (Date.now() >= deadline) {
      const seconds = Math.round(options.timeoutMs / 1000);
      throw await toStartError(`${options.what} was not ready after ${seconds} s`, options.logFile);
    }
    await sleep(intervalMs);
  }
};

const toStartError = async (message: string, logFile: string | null): Promise<Error> =>
  logFile === null
    ? new StackError(message)
    : new ProcessStartError(message, { logFile, logTail: await readLogTail(logFile) });

export const readLogTail = async (logFile: string, lines = 20): Promise<string> => {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
};

export const readPidFile = async (pidFile: string): Promise<number | null> => {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the pid is still the process we started. A pid file can outlive a reboot and the pid be reused,
 * so on Linux we also look for `marker` in its command line before we signal it.
 */
export const isOurProcess = async (pid: number, marker: string): Promise<boolean> => {
  if (!isProcessAlive(pid)) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return cmdline === null ? true : cmdline.replaceAll('\0', ' ').includes(marker);
};

/** SIGTERM to the whole group (LocalStack forks workers), SIGKILL if it is still there after `graceMs`. */
export const stopProcessGroup = async (pid: number, graceMs = 10_000): Promise<'terminated' | 'killed'> => {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isGroupAlive(pid)) return 'terminated';
    await sleep(200);
  }
  signalGroup(pid, 'SIGKILL');
  return 'killed';
};

// The leader can exit before its workers; the group is gone only when kill(-pid, 0) fails.
const isGroupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
};

export const removePidFile = (pidFile: string): Promise<void> => rm(pidFile, { force: true });
