import { createServer, type Server } from 'node:net';
import { readCliEnv } from '@sluice/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform } from '../support/isolated-platform.ts';
import { runSluiceWith } from '../support/sluice-cli.ts';
import { isolatedEnv } from '../support/test-env.ts';

/** A loopback port that accepts connections and closes them at once: a server that is there but down. */
const startDroppingPort = async (): Promise<{ server: Server; port: number }> => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { server, port: address.port };
};

describe("Flow: the operator's commands ride out an outage, then fail saying what to check", () => {
  let dropping: { server: Server; port: number };
  beforeAll(async () => {
    dropping = await startDroppingPort();
  });
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await new Promise((resolve) => dropping?.server.close(resolve));
  });

  it('`sluice dlq list` retries while the queues cannot be reached, then names them and the limit', async () => {
    const env = readCliEnv({
      ...isolatedEnv('outage'),
      AWS_ENDPOINT_URL: `http://127.0.0.1:${dropping.port}`,
    });
    const started = Date.now();
    const result = await runSluiceWith({ SLUICE_OUTAGE_LIMIT_SECONDS: '3' }, env, 'dlq', 'list');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/queues unreachable, retrying \(\d+ s\)/);
    expect(result.stderr).toMatch(
      /queues unreachable for \d+ s, past the limit of 3 s \(SLUICE_OUTAGE_LIMIT_SECONDS\)/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  });

  it('`sluice status` retries while the warehouse cannot be reached, then names it and the limit', async () => {
    // The deployment's queues are there; only its warehouse is down.
    const isolated = await createIsolatedPlatform('outage');
    const env = { ...isolated.env, DATABASE_URL: `mysql://root@127.0.0.1:${dropping.port}/sluice` };
    cleanups.push(() => isolated.destroy());
    const result = await runSluiceWith({ SLUICE_OUTAGE_LIMIT_SECONDS: '3' }, env, 'status');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/warehouse unreachable, retrying \(\d+ s\)/);
    expect(result.stderr).toMatch(/warehouse unreachable for \d+ s, past the limit of 3 s/);
  });
});
