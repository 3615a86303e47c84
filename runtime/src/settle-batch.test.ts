import { bundleBody, ContractError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { failureContextFor, recordingSqs } from '../tests/helpers/test-doubles.ts';
import { SluiceError } from './errors.ts';
import {
  type BatchResults,
  MESSAGES_HANDLED_AT_ONCE,
  type ReceivedMessage,
  settleBatch,
} from './settle-batch.ts';

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

  describe('a bundle', () => {
    const pageOf = (message: ReceivedMessage) => (JSON.parse(message.body) as { page: number }).page;

    it('is handled message by message, and a message failing in it retries alone while the bundle is done', async () => {
      // Prepare: a bundle of three pages received for the second time; page 2 fails retryably, page 3 for good.
      const { sqs, sent } = recordingSqs();
      const seen: ReceivedMessage[] = [];
      const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> => {
        seen.push(...messages);
        return messages.map((message) => {
          const page = pageOf(message);
          if (page === 2) return { status: 'rejected', reason: new SluiceError('the source answered 503') };
          if (page === 3) return { status: 'rejected', reason: new ContractError('no page 3 in it', {}) };
          return { status: 'fulfilled', value: { page } };
        });
      };
      const bundle = {
        ...received(bundleBody([transformed(1), transformed(2), transformed(3)]), 2),
        receiptHandle: 'r',
      };

      // Act
      const settlements = await settleBatch([bundle], handle, {
        failures: failureContextFor(sqs),
        retryBaseSeconds: 5,
      });

      // Assess: the three were handled as messages of their own, with the bundle's attempts.
      expect(seen.map((message) => [pageOf(message), message.attempts, message.receiptHandle])).toEqual([
        [1, 2, undefined],
        [2, 2, undefined],
        [3, 2, undefined],
      ]);
      expect(settlements).toEqual([{ outcome: 'done' }]);
      // Page 2 is back on the queue alone, after its backoff, with the attempts it had; page 3 is dead-lettered alone.
      const alone = sent.find(({ input }) => input.DelaySeconds !== undefined);
      expect(JSON.parse(String(alone?.input.MessageBody)).page).toBe(2);
      expect(alone?.input).toMatchObject({
        DelaySeconds: 10,
        MessageAttributes: { 'sluice-previous-attempts': { DataType: 'Number', StringValue: '2' } },
      });
      const deadLettered = sent.find(({ input }) => input.QueueUrl === failureContextFor(sqs).deadLetterUrl);
      expect(JSON.parse(String(deadLettered?.input.MessageBody)).page).toBe(3);
    });

    it('comes back whole when a message of it cannot be sent back alone', async () => {
      // Prepare: SQS refuses every send; the handler fails page 2 retryably.
      const { sqs, sent } = recordingSqs((command) => {
        if ((command.input as { DelaySeconds?: number }).DelaySeconds !== undefined)
          throw new Error('SQS is down');
        return {};
      });
      const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> =>
        messages.map((message) =>
          pageOf(message) === 2
            ? { status: 'rejected', reason: new SluiceError('the source answered 503') }
            : { status: 'fulfilled', value: {} },
        );
      const bundle = { ...received(bundleBody([transformed(1), transformed(2)])), receiptHandle: 'r' };

      // Act
      const settlements = await settleBatch([bundle], handle, {
        failures: failureContextFor(sqs),
        retryBaseSeconds: 5,
      });

      // Assess: the bundle is given back with page 2's backoff, by its receipt handle.
      expect(settlements).toEqual([{ outcome: 'retry', delaySeconds: 5 }]);
      expect(sent.at(-1)).toMatchObject({
        name: 'ChangeMessageVisibilityCommand',
        input: { ReceiptHandle: 'r', VisibilityTimeout: 5 },
      });
    });

    it('is handed to the stage a slice at a time, however many messages the receive holds', async () => {
      const { sqs } = recordingSqs();
      const slices: number[] = [];
      const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> => {
        slices.push(messages.length);
        return messages.map(() => ({ status: 'fulfilled', value: {} }));
      };
      const bundles = Array.from({ length: 5 }, (_, index) =>
        received(bundleBody(Array.from({ length: 25 }, (_, page) => transformed(index * 25 + page + 1)))),
      );

      const settlements = await settleBatch(bundles, handle, { failures: failureContextFor(sqs) });

      expect(slices).toEqual([
        MESSAGES_HANDLED_AT_ONCE,
        MESSAGES_HANDLED_AT_ONCE,
        125 - 2 * MESSAGES_HANDLED_AT_ONCE,
      ]);
      expect(settlements).toEqual(bundles.map(() => ({ outcome: 'done' })));
    });
  });
});
