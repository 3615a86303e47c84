import { type GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createCancelledRuns } from './cancelled-runs.ts';

/** An S3 client holding the given keys, counting the reads. */
const bucketWith = (keys: Set<string>) => {
  let reads = 0;
  const s3 = {
    send: async (command: GetObjectCommand) => {
      reads += 1;
      if (!keys.has(command.input.Key ?? '')) throw new NoSuchKey({ message: 'no such key', $metadata: {} });
      return { Body: { transformToString: async () => '{"runId":"r"}' } };
    },
  } as unknown as S3Client;
  return { s3, reads: () => reads };
};

describe('Function: createCancelledRuns()', () => {
  it('reads the marker at most once per run within its time to live, and keeps a yes for good', async () => {
    // Prepare
    const keys = new Set<string>();
    const bucket = bucketWith(keys);
    let now = 0;
    const cancelled = createCancelledRuns(bucket.s3, 't-staging', { ttlMs: 2_000, now: () => now });

    // Act and Assess
    expect(await cancelled('run-a')).toBe(false);
    expect(await cancelled('run-a')).toBe(false);
    expect(bucket.reads()).toBe(1);
    keys.add('control/cancelled/run-a.json');
    now = 2_500;
    expect(await cancelled('run-a')).toBe(true);
    now = 60_000;
    expect(await cancelled('run-a')).toBe(true);
    expect(bucket.reads()).toBe(2);
  });

  it('lets the run go on when the marker cannot be read', async () => {
    const s3 = {
      send: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4566')),
    } as unknown as S3Client;
    expect(await createCancelledRuns(s3, 't-staging')('run-b')).toBe(false);
  });
});
