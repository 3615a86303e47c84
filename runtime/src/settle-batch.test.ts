import { ContractError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { failureContextFor, recordingSqs } from '../tests/helpers/test-doubles.ts';
import { SluiceError } from './errors.ts';
import { type BatchResults, type ReceivedMessage, settleBatch } from './settle-batch.ts';

const transformed = (page: number) =>
  JSON.stringify({
    version: 1,
    type: 'page.transformed',
    runId: '20261203T120000Z-abc123',
    pipeline: 'rickandmorty',
    resource: 'character',
    page,
    pagesTotal: 3,
    url: `http://127.0.0.1/api/character?page=${page}`,
    contentHash: '0'.repeat(64),
    processedKey: `processed/rickandmorty/character/20261203T120000Z-abc123/00000${page}.json`,
    rejectedKey: null,
    records: { extracted: 1, valid: 1, rejected: 0 },
    rows: {},
    cursor: null,
  });

const received = (body: string, attempts = 1): ReceivedMessage => ({
  messageId: body.slice(0, 8),
  body,
  attempts,
});

describe('Function: settleBatch()', () => {
  it('hands the batch over whole and marks each message done or to retry with its backoff', async () => {
    // Prepare
    const { sqs, sent } = recordingSqs();
    const batches: number[] = [];
    const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> => {
      batches.push(messages.length);
      return [
        { status: 'fulfilled', value: { page: 1 } },
        { status: 'rejected', reason: new SluiceError('the source answered 503') },
      ];
    };

    // Act
    const settlements = await settleBatch([received(transformed(1)), received(transformed(2), 2)], handle, {
      failures: failureContextFor(sqs),
      retryBaseSeconds: 5,
    });

    // Assess: one call for the batch; the retryable failure comes back after 10 s (its second attempt).
    expect(batches).toEqual([2]);
    expect(settlements).toEqual([{ outcome: 'done' }, { outcome: 'retry', delaySeconds: 10 }]);
    expect(sent).toEqual([]);
  });

  it('dead-letters what cannot pass, with its reason, and reports the page to its run', async () => {
    // Prepare
    const { sqs, sent } = recordingSqs();
    const handle = async (): Promise<BatchResults> => [
      { status: 'rejected', reason: new ContractError('processed object holds no page 1', {}) },
    ];

    // Act
    const [settlement] = await settleBatch([received(transformed(1))], handle, {
      failures: failureContextFor(sqs),
    });

    // Assess
    expect(settlement).toEqual({ outcome: 'done' });
    expect(sent.map(({ name }) => name)).toEqual(['SendMessageCommand', 'SendMessageBatchCommand']);
    const entries = (sent[1]?.input.Entries ?? []) as { MessageBody: string }[];
    const report = JSON.parse(entries[0]?.MessageBody ?? '{}');
    expect(report).toMatchObject({ type: 'page.failed', stage: 'load', resource: 'character', page: 1 });
    expect(report.reason).toMatch(/holds no page 1/);
  });

  it('dead-letters a retryable failure at its last attempt', async () => {
    const { sqs, sent } = recordingSqs();
    const handle = async (): Promise<BatchResults> => [
      { status: 'rejected', reason: new SluiceError('timeout') },
    ];
    const [settlement] = await settleBatch([received(transformed(1), 5)], handle, {
      failures: failureContextFor(sqs),
    });
    expect(settlement).toEqual({ outcome: 'done' });
    expect(sent[0]?.name).toBe('SendMessageCommand');
  });

  it('keeps a message to retry when its DLQ cannot be reached', async () => {
    const { sqs } = recordingSqs(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:4566');
    });
    const handle = async (): Promise<BatchResults> => [
      { status: 'rejected', reason: new ContractError('bad', {}) },
    ];
    const [settlement] = await settleBatch([received('not json')], handle, {
      failures: failureContextFor(sqs),
    });
    expect(settlement).toEqual({ outcome: 'retry', delaySeconds: 5 });
  });

  it('fails every message of a batch whose handler throws, each by the policy', async () => {
    const { sqs } = recordingSqs();
    const handle = async (): Promise<BatchResults> => {
      throw new SluiceError('S3 unreachable');
    };
    const settlements = await settleBatch([received(transformed(1)), received(transformed(2))], handle, {
      failures: failureContextFor(sqs),
    });
    expect(settlements.map(({ outcome }) => outcome)).toEqual(['retry', 'retry']);
  });
});
