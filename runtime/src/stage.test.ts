import type { S3Client } from '@aws-sdk/client-s3';
import type { LoadMessage } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { recordingSqs } from '../tests/helpers/test-doubles.ts';
import type { PlatformEnv } from './env.ts';
import { batchHandlerOf, type StageDefinition, type StageDeps } from './stage.ts';

const skipped = (page: number) =>
  JSON.stringify({
    version: 1,
    type: 'page.skipped',
    runId: '20261203T120000Z-abc123',
    pipeline: 'rickandmorty',
    resource: 'character',
    page,
    pagesTotal: 3,
    url: `http://127.0.0.1/api/character?page=${page}`,
    contentHash: '0'.repeat(64),
    skippedAt: '2026-12-03T12:00:00.000Z',
  });

const queues = { url: 'http://127.0.0.1:4566/q/t-load', deadLetterUrl: 'http://127.0.0.1:4566/q/t-load-dlq' };

const deps: StageDeps<'load'> = {
  s3: {} as S3Client,
  bucket: 't-staging',
  sqs: recordingSqs().sqs,
  queues: { load: queues },
};

describe('Function: batchHandlerOf()', () => {
  it('gives the core the valid messages as one batch and fails the unparsable ones alone, in order', async () => {
    // Prepare
    const batches: LoadMessage[][] = [];
    const definition: StageDefinition<'load', PlatformEnv, StageDeps<'load'>> = {
      stage: 'load',
      service: 'loader',
      readEnv: () => ({}) as PlatformEnv,
      createDeps: async () => deps,
      handleBatch: async (messages) => {
        batches.push(messages);
        return messages.map((message) => ({ status: 'fulfilled', value: { page: message.page } }));
      },
      polling: () => ({}),
    };
    const handle = batchHandlerOf(definition, deps);

    // Act
    const results = await handle(
      [skipped(1), 'not json', skipped(3)].map((body) => ({ messageId: body, body, attempts: 1 })),
    );

    // Assess
    expect(batches.map((batch) => batch.map(({ page }) => page))).toEqual([[1, 3]]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { page: 1 } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { name: 'ContractError' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: { page: 3 } });
  });

  it('acknowledges the messages of a cancelled run without handing them to the core', async () => {
    // Prepare
    const handled: (number | null)[] = [];
    const definition: StageDefinition<'load', PlatformEnv, StageDeps<'load'>> = {
      stage: 'load',
      service: 'loader',
      readEnv: () => ({}) as PlatformEnv,
      createDeps: async () => deps,
      handleBatch: async (messages) => {
        handled.push(...messages.map(({ page }) => page));
        return messages.map(() => ({ status: 'fulfilled', value: {} }));
      },
      polling: () => ({}),
    };
    const handle = batchHandlerOf(definition, deps, async (runId) => runId === '20261203T120000Z-abc123');

    // Act
    const results = await handle(
      [skipped(1), skipped(2)].map((body) => ({ messageId: body, body, attempts: 1 })),
    );

    // Assess
    expect(handled).toEqual([]);
    expect(results).toEqual([
      { status: 'fulfilled', value: { runId: '20261203T120000Z-abc123', cancelled: true } },
      { status: 'fulfilled', value: { runId: '20261203T120000Z-abc123', cancelled: true } },
    ]);
  });

  it('adds what the stage declares each handled message is worth to the metrics', async () => {
    // Prepare
    const definition: StageDefinition<'load', PlatformEnv, StageDeps<'load'>, { rows: number }> = {
      stage: 'load',
      service: 'loader',
      readEnv: () => ({}) as PlatformEnv,
      createDeps: async () => deps,
      handleBatch: async (messages) => messages.map(() => ({ status: 'fulfilled', value: { rows: 20 } })),
      metricsOf: (result) => ({ PagesLoaded: 1, RowsWritten: result.rows }),
      polling: () => ({}),
    };
    const handle = batchHandlerOf(definition, deps);

    // Act
    const [result] = await handle([{ messageId: 'm-1', body: skipped(1), attempts: 1 }]);

    // Assess
    expect(result).toEqual({
      status: 'fulfilled',
      value: { rows: 20 },
      metrics: { PagesLoaded: 1, RowsWritten: 20 },
    });
  });
});
