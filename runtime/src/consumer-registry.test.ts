import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfigurationFingerprint } from './configuration-fingerprint.ts';
import { announceConsumer, consumerKey, listConsumers } from './consumer-registry.ts';
import { silentLogger } from './logger.ts';

/** A bucket in memory that answers the four commands the registry sends; `failPuts` makes writes fail. */
const memoryS3 = (options: { failPuts?: boolean } = {}) => {
  const objects = new Map<string, string>();
  const s3 = {
    send: async (command: unknown) => {
      if (command instanceof PutObjectCommand) {
        if (options.failPuts) throw new Error('S3 is down');
        objects.set(command.input.Key ?? '', String(command.input.Body));
        return { ETag: '"1"' };
      }
      if (command instanceof GetObjectCommand) {
        const text = objects.get(command.input.Key ?? '');
        if (text === undefined) throw new NoSuchKey({ message: 'gone', $metadata: {} });
        return { Body: { transformToString: async () => text } };
      }
      if (command instanceof DeleteObjectCommand) return objects.delete(command.input.Key ?? '');
      if (command instanceof ListObjectsV2Command) {
        const keys = [...objects.keys()].filter((key) => key.startsWith(command.input.Prefix ?? ''));
        return { Contents: keys.map((Key) => ({ Key })), IsTruncated: false };
      }
      throw new Error('unexpected command');
    },
  } as unknown as S3Client;
  return { s3, objects };
};

const fingerprint: ConfigurationFingerprint = {
  fingerprint: 'f1',
  parts: { pipelines: 'p', variables: 'v', warehouse: 'w' },
  variables: { RICK_AND_MORTY_API_URL: 'h' },
};

const clockAt = (iso: string) => {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
};

describe('Function: announceConsumer()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes its record at once under control/consumers/<stage>/<host>-<pid>.json', async () => {
    // Prepare
    const { s3, objects } = memoryS3();
    const clock = clockAt('2026-01-01T00:00:00Z');

    // Act
    await announceConsumer({
      s3,
      bucket: 'b',
      stage: 'extract',
      fingerprint,
      log: silentLogger(),
      clock,
      pid: 7,
      host: 'h',
    });

    // Assess
    expect(JSON.parse(objects.get(consumerKey('extract', 'h', 7)) ?? '')).toEqual({
      stage: 'extract',
      pid: 7,
      host: 'h',
      startedAt: '2026-01-01T00:00:00.000Z',
      heartbeatAt: '2026-01-01T00:00:00.000Z',
      intervalSeconds: 10,
      ...fingerprint,
    });
    expect(consumerKey('extract', 'h', 7)).toBe('control/consumers/extract/h-7.json');
  });

  it('beats every interval, and stop deletes the record', async () => {
    // Prepare
    vi.useFakeTimers();
    const { s3, objects } = memoryS3();
    const clock = clockAt('2026-01-01T00:00:00Z');
    const announcement = await announceConsumer({
      s3,
      bucket: 'b',
      stage: 'load',
      fingerprint,
      log: silentLogger(),
      clock,
      intervalSeconds: 5,
      pid: 1,
      host: 'h',
    });

    // Act
    clock.set('2026-01-01T00:00:05Z');
    await vi.advanceTimersByTimeAsync(5_000);
    const afterBeat = JSON.parse(objects.get(consumerKey('load', 'h', 1)) ?? '');
    await announcement.stop();

    // Assess
    expect(afterBeat.heartbeatAt).toBe('2026-01-01T00:00:05.000Z');
    expect(afterBeat.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(objects.size).toBe(0);
  });

  it('logs a failed heartbeat instead of throwing', async () => {
    // Prepare
    const { s3 } = memoryS3({ failPuts: true });
    const log = silentLogger();
    const warn = vi.spyOn(log, 'warn');

    // Act
    const announcement = await announceConsumer({ s3, bucket: 'b', stage: 'extract', fingerprint, log });
    await announcement.stop();

    // Assess
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ bucket: 'b' }), 'consumer heartbeat failed');
  });
});

describe('Function: listConsumers()', () => {
  it('lists live consumers with their ages, and drops one that missed three heartbeats', async () => {
    // Prepare
    const { s3, objects } = memoryS3();
    const log = silentLogger();
    const clock = clockAt('2026-01-01T00:00:00Z');
    await announceConsumer({ s3, bucket: 'b', stage: 'extract', fingerprint, log, clock, pid: 1, host: 'h' });
    clock.set('2026-01-01T00:00:25Z');
    await announceConsumer({ s3, bucket: 'b', stage: 'load', fingerprint, log, clock, pid: 2, host: 'h' });
    objects.set('control/consumers/load/garbage.json', 'not json');

    // Act
    const at29 = await listConsumers(s3, 'b', { now: new Date('2026-01-01T00:00:29Z') });
    const at31 = await listConsumers(s3, 'b', { now: new Date('2026-01-01T00:00:31Z') });

    // Assess
    expect(
      at29.map(({ stage, pid, ageSeconds, heartbeatAgeSeconds }) => ({
        stage,
        pid,
        ageSeconds,
        heartbeatAgeSeconds,
      })),
    ).toEqual([
      { stage: 'extract', pid: 1, ageSeconds: 29, heartbeatAgeSeconds: 29 },
      { stage: 'load', pid: 2, ageSeconds: 4, heartbeatAgeSeconds: 4 },
    ]);
    expect(at31.map((consumer) => consumer.pid)).toEqual([2]);
  });
});
