import { describe, expect, it } from 'vitest';
import { isDockerAvailable, removeComposeService, startComposeService } from './docker-compose.ts';
import type { CommandResult, RunCommand, RunOptions } from './run-command.ts';

type Call = { command: string; args: string[]; options: RunOptions | undefined };

/** A fake runner: answers by command line, records every call. */
const fakeRun = (answers: Record<string, Partial<CommandResult>>) => {
  const calls: Call[] = [];
  const run: RunCommand = async (command, args, options) => {
    calls.push({ command, args, options });
    const answer = answers[[command, ...args].join(' ')] ?? answers[command] ?? { code: 1 };
    return { code: null, stdout: '', stderr: '', error: null, ...answer };
  };
  return { run, calls };
};

describe('Function: isDockerAvailable()', () => {
  it('is true only when `docker info` exits 0, with a short timeout', async () => {
    const up = fakeRun({ 'docker info': { code: 0 } });
    const down = fakeRun({ 'docker info': { code: 1, stderr: 'Cannot connect to the Docker daemon' } });

    expect(await isDockerAvailable(up.run)).toBe(true);
    expect(await isDockerAvailable(down.run)).toBe(false);
    expect(up.calls[0]?.options?.timeoutMs).toBe(5_000);
  });
});

describe('Function: startComposeService()', () => {
  it('runs `docker compose -f <file> up -d <service>` with the port in the environment', async () => {
    // Prepare
    const { run, calls } = fakeRun({ 'docker compose version': { code: 0 }, docker: { code: 0 } });

    // Act
    await startComposeService(run, '/repo/localstack/docker-compose.yml', 'localstack', {
      LOCALSTACK_PORT: '4566',
    });

    // Assess
    const up = calls.at(-1);
    expect(up?.args).toEqual([
      'compose',
      '-f',
      '/repo/localstack/docker-compose.yml',
      'up',
      '-d',
      'localstack',
    ]);
    expect(up?.options?.env?.LOCALSTACK_PORT).toBe('4566');
  });

  it('falls back to the standalone docker-compose', async () => {
    const { run, calls } = fakeRun({ 'docker-compose version': { code: 0 }, 'docker-compose': { code: 0 } });

    await startComposeService(run, 'compose.yml', 'mysql');

    expect(calls.at(-1)).toMatchObject({
      command: 'docker-compose',
      args: ['-f', 'compose.yml', 'up', '-d', 'mysql'],
    });
  });

  it('throws with compose’s error output when it fails', async () => {
    const { run } = fakeRun({
      'docker compose version': { code: 0 },
      docker: { code: 1, stderr: 'pull access denied' },
    });

    await expect(startComposeService(run, 'compose.yml', 'mysql')).rejects.toThrow(
      /up -d mysql` failed: pull access denied/,
    );
  });
});

describe('Function: removeComposeService()', () => {
  it('stops and removes only the one service', async () => {
    const { run, calls } = fakeRun({ 'docker compose version': { code: 0 }, docker: { code: 0 } });

    await removeComposeService(run, 'compose.yml', 'localstack');

    expect(calls.at(-1)?.args).toEqual([
      'compose',
      '-f',
      'compose.yml',
      'rm',
      '--stop',
      '--force',
      'localstack',
    ]);
  });
});
