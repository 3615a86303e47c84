import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isProcessAlive,
  readLogTail,
  readPidFile,
  startDetached,
  stopProcessGroup,
  waitUntilReady,
} from './detached-process.ts';
import { ProcessStartError } from './errors.ts';

describe('Function: waitUntilReady()', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sluice-detached-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const spec = (script: string) => ({
    command: process.execPath,
    args: ['-e', script],
    logFile: join(folder, 'server.log'),
    pidFile: join(folder, 'pid'),
  });

  it('throws with the last 20 log lines when the process exits before it is ready', async () => {
    // Prepare
    const script = 'for (let i = 1; i <= 30; i++) console.log("line " + i); process.exit(3)';
    const started = await startDetached(spec(script));

    // Act
    const wait = waitUntilReady({
      what: 'fake server',
      isReady: async () => false,
      logFile: join(folder, 'server.log'),
      timeoutMs: 10_000,
      process: started,
      intervalMs: 50,
    });

    // Assess
    const error = await wait.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProcessStartError);
    expect((error as Error).message).toContain('fake server exited with code 3 before it was ready');
    expect((error as ProcessStartError).logTail.split('\n')).toEqual(
      Array.from({ length: 20 }, (_, i) => `line ${i + 11}`),
    );
    expect(await readPidFile(join(folder, 'pid'))).toBe(started.pid);
  });

  it('throws after the timeout and leaves the process for the caller to stop', async () => {
    // Prepare
    const started = await startDetached(spec('console.log("booting"); setInterval(() => {}, 1000)'));

    // Act
    const wait = waitUntilReady({
      what: 'slow server',
      isReady: async () => false,
      logFile: join(folder, 'server.log'),
      timeoutMs: 300,
      process: started,
      intervalMs: 50,
    });

    // Assess
    await expect(wait).rejects.toThrow(/slow server was not ready after 0 s[\s\S]*booting/);
    expect(isProcessAlive(started.pid)).toBe(true);
    expect(await stopProcessGroup(started.pid, 2_000)).toBe('terminated');
  });

  it('resolves once the readiness check passes', async () => {
    // Prepare
    const started = await startDetached(spec('setInterval(() => {}, 1000)'));
    let checks = 0;

    // Act
    await waitUntilReady({
      what: 'server',
      isReady: async () => ++checks === 3,
      logFile: join(folder, 'server.log'),
      timeoutMs: 5_000,
      process: started,
      intervalMs: 10,
    });

    // Assess
    expect(checks).toBe(3);
    await stopProcessGroup(started.pid, 2_000);
  });

  it('rejects when the command does not exist', async () => {
    await expect(startDetached({ ...spec(''), command: join(folder, 'missing') })).rejects.toThrow(/ENOENT/);
  });
});

describe('Function: readLogTail()', () => {
  it('returns an empty tail for a missing log', async () => {
    expect(await readLogTail('/nonexistent/sluice.log')).toBe('');
  });

  it('returns the last lines without the trailing newline', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sluice-tail-'));
    await writeFile(join(folder, 'a.log'), 'a\nb\nc\n');
    expect(await readLogTail(join(folder, 'a.log'), 2)).toBe('b\nc');
    expect(await readFile(join(folder, 'a.log'), 'utf8')).toBe('a\nb\nc\n');
    await rm(folder, { recursive: true });
  });
});

describe('Function: startDetached()', () => {
  it('notices an exit that happens before the start is even reported', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'sluice-fast-exit-'));
    const logFile = join(folder, 'fast.log');
    const started = await startDetached({
      command: '/bin/sh',
      args: ['-c', 'echo "ModuleNotFoundError: cbor2"; exit 1'],
      logFile,
      pidFile: join(folder, 'pid'),
    });

    // Act
    const wait = waitUntilReady({
      what: 'fast',
      isReady: async () => false,
      logFile,
      timeoutMs: 3_000,
      process: started,
    });

    // Assess
    await expect(wait).rejects.toThrow(
      /fast exited with code 1 before it was ready[\s\S]*ModuleNotFoundError: cbor2/,
    );
    await rm(folder, { recursive: true });
  });
});
