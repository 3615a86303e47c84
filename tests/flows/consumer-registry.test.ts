import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { serviceEnvOf } from '@sluice/cli';
import {
  announceConsumer,
  type ConfigurationFingerprint,
  consumerKey,
  fingerprintOfProcess,
  listConsumers,
  silentLogger,
} from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

const ANNOUNCING_PROCESS = fileURLToPath(new URL('../support/announcing-process.ts', import.meta.url));

describe('Flow: the consumer registry in the deployment bucket (LocalStack S3)', () => {
  let isolated: IsolatedPlatform;
  let fingerprint: ConfigurationFingerprint;
  let child: ChildProcess | undefined;
  const log = silentLogger();

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('registry');
    fingerprint = await fingerprintOfProcess({ ...process.env, ...serviceEnvOf(isolated.env) });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await isolated?.destroy();
  });

  it('lists an announced consumer while it beats, and forgets it once it stops', async () => {
    // Prepare
    const { s3, bucket } = isolated.platform;

    // Act
    const extract = await announceConsumer({
      s3,
      bucket,
      stage: 'extract',
      fingerprint,
      log,
      intervalSeconds: 1,
    });
    const load = await announceConsumer({
      s3,
      bucket,
      stage: 'load',
      fingerprint,
      log,
      pid: 12345,
      host: 'other',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const listed = await listConsumers(s3, bucket);
    await extract.stop();
    await load.stop();
    const afterStop = await listConsumers(s3, bucket);

    // Assess: both are listed with their fingerprint; the extractor's heartbeat moved on.
    expect(listed.map(({ stage, pid, host }) => ({ stage, pid, host }))).toEqual([
      { stage: 'extract', pid: process.pid, host: expect.any(String) },
      { stage: 'load', pid: 12345, host: 'other' },
    ]);
    expect(listed[0]?.fingerprint).toBe(fingerprint.fingerprint);
    expect(listed[0]?.heartbeatAt).not.toBe(listed[0]?.startedAt);
    expect(listed[1]?.key).toBe(consumerKey('load', 'other', 12345));
    expect(afterStop).toEqual([]);
  });

  it('drops a consumer killed without saying goodbye after three missed heartbeats', async () => {
    // Prepare: a process that announces itself every second.
    const { s3, bucket } = isolated.platform;
    const announcing = spawn(process.execPath, [ANNOUNCING_PROCESS], {
      env: { ...process.env, ...serviceEnvOf(isolated.env), SLUICE_BUCKET: bucket },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = announcing;
    const [announced] = await once(announcing.stdout, 'data');
    expect(String(announced)).toContain('announced');
    const whileAlive = await listConsumers(s3, bucket);

    // Act
    announcing.kill('SIGKILL');
    await once(announcing, 'exit');
    const justKilled = await listConsumers(s3, bucket);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const later = await listConsumers(s3, bucket);

    // Assess: listed until its third heartbeat is missed, though its record stays in the bucket.
    expect(whileAlive.map((consumer) => consumer.pid)).toEqual([announcing.pid]);
    expect(justKilled.map((consumer) => consumer.pid)).toEqual([announcing.pid]);
    expect(later).toEqual([]);
    const key = consumerKey('extract', whileAlive[0]?.host ?? '', announcing.pid ?? 0);
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).resolves.toBeDefined();
  });
});
