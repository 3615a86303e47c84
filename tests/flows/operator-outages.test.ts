import { createServer, type Server } from 'node:net';
import { readCliEnv } from '@sluice/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform } from '../support/isolated-platform.ts';
import { runSluice, runSluiceWith } from '../support/sluice-cli.ts';
import { isolatedEnv } from '../support/test-env.ts';

/** A loopback port that accepts connections and closes them at once: a server that is there but down. */
const startDroppingPort = async (): Promise<{ server: Server; port: number }> => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { server, port: address.port };
};

/** A loopback port nothing listens on: bound for a moment by the system's choice, then let go. */
const unusedPort = async (): Promise<number> => {
  const { server, port } = await startDroppingPort();
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe("Flow: the operator's commands ride out an outage, then fail naming what to fix", () => {
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
    expect(result.stderr).toMatch(
      new RegExp(
        `queues at http://127\\.0\\.0\\.1:${dropping.port} \\(AWS_ENDPOINT_URL\\) unreachable, retrying \\(\\d+ s\\)`,
      ),
    );
    expect(result.stderr).toMatch(
      new RegExp(
        `sluice: cannot reach the queues/S3 at http://127\\.0\\.0\\.1:${dropping.port} \\(AWS_ENDPOINT_URL\\): connection \\w+; retried for \\d+ s \\(SLUICE_OUTAGE_LIMIT_SECONDS=3\\)`,
      ),
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
    expect(result.stderr).toMatch(
      new RegExp(
        `warehouse at 127\\.0\\.0\\.1:${dropping.port} \\(DATABASE_URL\\) unreachable, retrying \\(\\d+ s\\)`,
      ),
    );
    expect(result.stderr).toMatch(
      new RegExp(
        `sluice: cannot reach the warehouse at 127\\.0\\.0\\.1:${dropping.port} \\(DATABASE_URL\\): connection \\w+; retried for \\d+ s \\(SLUICE_OUTAGE_LIMIT_SECONDS=3\\)`,
      ),
    );
  });

  it('a command that does not wait names the variable and the address of what refused it, at once', async () => {
    // Prepare: a loopback port nothing listens on.
    const isolated = await createIsolatedPlatform('outage');
    cleanups.push(() => isolated.destroy());
    const port = await unusedPort();

    // Act
    const rejected = await runSluice(
      { ...isolated.env, DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${port}/sluice` },
      'rejected',
      '20261125T150135Z-3fa9c2',
    );
    const run = await runSluice(
      { ...isolated.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` },
      'run',
      'rickandmorty',
    );

    // Assess
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe(
      `sluice: cannot reach the warehouse at 127.0.0.1:${port} (DATABASE_URL): connection refused; is it running? \`npx sluice stack up\` starts the local stack\n`,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `sluice: cannot reach the queues/S3 at http://127.0.0.1:${port} (AWS_ENDPOINT_URL): connection refused; is it running? \`npx sluice stack up\` starts the local stack\n`,
    );
  });
});
