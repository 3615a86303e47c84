import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { pollerCommand, serviceEnvOf } from '@sluice/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

/** A loopback port nothing listens on: taken from the system, then let go. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

interface Started {
  /** Every line written so far, stdout and stderr. */
  lines: string[];
  /** Resolves with the first line matching, or rejects once the process has ended without one. */
  lineMatching: (pattern: RegExp) => Promise<string>;
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
}

/** A service's poller as `sluice services` starts it (bundled), with `env` only. */
const startPoller = async (
  service: 'extractor' | 'transformer' | 'loader',
  env: Record<string, string>,
): Promise<Started> => {
  const poller = await pollerCommand(service, { PATH: process.env.PATH ?? '', ...env });
  const child = spawn(poller.command, poller.args, {
    env: poller.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const wait of waiting.filter((candidate) => candidate.pattern.test(line))) wait.resolve(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    lines,
    exited,
    lineMatching: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen) return resolve(seen);
        waiting.push({ pattern, resolve });
        void exited.then(() =>
          setTimeout(() => reject(new Error(`no line ${pattern}:\n${lines.join('\n')}`)), 100),
        );
      }),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
};

const STACK_LINE = /^\s+at /;

describe('Flow: a service whose queues or warehouse refuse the connection says which, where, and what to start', () => {
  let isolated: IsolatedPlatform;
  const started: Started[] = [];

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('conn');
  });
  afterAll(() =>
    cleanUp('the connection-failure flow', [
      ...started.map((service) => () => service.stop()),
      () => isolated?.destroy(),
    ]),
  );

  it.each(['extractor', 'transformer', 'loader'] as const)(
    'the %s refuses to start in one line naming AWS_ENDPOINT_URL and its address, with no stack trace',
    async (service) => {
      // Prepare
      const port = await closedPort();
      const env = serviceEnvOf(isolated.env, { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });

      // Act
      const poller = await startPoller(service, env);
      started.push(poller);
      const code = await poller.exited;

      // Assess
      expect(code).toBe(1);
      expect(poller.lines).toHaveLength(1);
      const line = JSON.parse(poller.lines[0] as string) as { level: number; msg: string };
      expect(line.msg).toBe(
        `refused to start: cannot reach the queues/S3 at http://127.0.0.1:${port} (AWS_ENDPOINT_URL): connection refused; is it running? \`npx sluice stack up\` starts the local stack`,
      );
      expect(poller.lines.some((text) => STACK_LINE.test(text))).toBe(false);
    },
  );

  it('the loader, its warehouse refusing, says so at start in one line naming DATABASE_URL, and waits for it', async () => {
    // Prepare
    const port = await closedPort();
    const env = serviceEnvOf(isolated.env, {
      DATABASE_URL: `mysql://root:not-shown@127.0.0.1:${port}/sluice`,
      SQS_WAIT_TIME_SECONDS: '1',
    });

    // Act
    const loader = await startPoller('loader', env);
    started.push(loader);
    const line = await loader.lineMatching(/holding messages/);
    await loader.lineMatching(/"msg":"polling"/);
    const running = await Promise.race([loader.exited.then(() => false), Promise.resolve(true)]);
    await loader.stop();

    // Assess: it polls on, holding messages through the outage, rather than exit.
    expect(JSON.parse(line)).toMatchObject({
      level: 40,
      msg: `cannot reach the warehouse at 127.0.0.1:${port} (DATABASE_URL): connection refused; is it running? \`npx sluice stack up\` starts the local stack: holding messages until it answers`,
    });
    expect(line).not.toContain('not-shown');
    expect(loader.lines.some((text) => STACK_LINE.test(text))).toBe(false);
    expect(running).toBe(true);
  });
});
