import type { S3Client } from '@aws-sdk/client-s3';
import type { ConfigurationFingerprint } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import type { ComparedConsumer } from './compare-consumers.ts';
import { formatConsumers } from './format-consumers.ts';
import { formatForeignConsumers, refuseForeignConsumers } from './refuse-foreign-consumers.ts';

const consumer = (overrides: Partial<ComparedConsumer> = {}): ComparedConsumer => ({
  key: 'control/consumers/extract/laptop-4242.json',
  stage: 'extract',
  pid: 4242,
  host: 'laptop',
  startedAt: '2026-01-01T00:00:00.000Z',
  heartbeatAt: '2026-01-01T00:05:00.000Z',
  intervalSeconds: 10,
  fingerprint: 'theirs',
  parts: { pipelines: 'p', variables: 'v2', warehouse: 'w' },
  variables: { RICK_AND_MORTY_API_URL: 'b' },
  ageSeconds: 300,
  heartbeatAgeSeconds: 3,
  differences: ['the variables they name: RICK_AND_MORTY_API_URL'],
  ...overrides,
});

describe('Function: formatForeignConsumers()', () => {
  it('names the process, where it runs, its age, what differs and the ways out', () => {
    // Act
    const text = formatForeignConsumers([consumer()], 'sluice');

    // Assess
    expect(text).toContain(
      'pid 4242 on laptop (extract stage, up 5m, last heartbeat 3s ago), differing in the variables they name: RICK_AND_MORTY_API_URL',
    );
    expect(text).toContain('kill 4242');
    expect(text).toContain('--force');
    expect(text).not.toContain('\n');
  });
});

describe('Function: refuseForeignConsumers()', () => {
  // A bucket with one consumer record in it, whose pipeline files differ from ours.
  const record = consumer({ parts: { pipelines: 'other', variables: 'v', warehouse: 'w' }, variables: {} });
  const s3 = {
    send: async (command: { input: { Key?: string } }) =>
      command.input.Key
        ? {
            Body: {
              transformToString: async () =>
                JSON.stringify({ ...record, heartbeatAt: new Date().toISOString() }),
            },
          }
        : { Contents: [{ Key: record.key }], IsTruncated: false },
  } as unknown as S3Client;
  const own: ConfigurationFingerprint = {
    fingerprint: 'ours',
    parts: { pipelines: 'p', variables: 'v', warehouse: 'w' },
    variables: {},
  };

  it('throws before anything is sent, naming the foreign consumer', async () => {
    const act = refuseForeignConsumers({ s3, bucket: 'b' }, own, { prefix: 'sluice', warn: () => {} });
    await expect(act).rejects.toThrow(/^refusing to run: .*pid 4242 on laptop .*differing in pipeline files/);
  });

  it('warns and goes on with force', async () => {
    const warnings: string[] = [];
    await refuseForeignConsumers({ s3, bucket: 'b' }, own, {
      prefix: 'sluice',
      force: true,
      warn: (line) => warnings.push(line),
    });
    expect(warnings).toEqual([expect.stringMatching(/^Going on \(--force\), although .*pid 4242/)]);
  });

  it('lets a consumer with our own configuration pass', async () => {
    const act = refuseForeignConsumers(
      { s3, bucket: 'b' },
      { ...own, parts: record.parts },
      {
        prefix: 'sluice',
        warn: () => {},
      },
    );
    await expect(act).resolves.toBeUndefined();
  });
});

describe('Function: formatConsumers()', () => {
  it('shows each consumer and whether it works as we would', () => {
    const text = formatConsumers([consumer(), consumer({ stage: 'load', pid: 7, differences: [] })]);
    expect(text).toMatch(
      /extract\s+4242\s+laptop\s+5m\s+3s ago\s+no: the variables they name: RICK_AND_MORTY_API_URL/,
    );
    expect(text).toMatch(/load\s+7\s+laptop\s+5m\s+3s ago\s+yes/);
  });
});
