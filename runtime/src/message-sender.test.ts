import type { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createMessageSender } from './message-sender.ts';

type Entries = NonNullable<SendMessageBatchCommand['input']['Entries']>;

/** An SQS client that records each SendMessageBatch and refuses the bodies `refuse` picks. */
const recordingSqs = (refuse: (body: string) => boolean = () => false) => {
  const requests: { queueUrl: string; bodies: string[] }[] = [];
  const sqs = {
    send: async (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries as Entries;
      requests.push({
        queueUrl: command.input.QueueUrl ?? '',
        bodies: entries.map((entry) => entry.MessageBody ?? ''),
      });
      const failed = entries.filter((entry) => refuse(entry.MessageBody ?? ''));
      return {
        Successful: entries.filter((entry) => !failed.includes(entry)).map((entry) => ({ Id: entry.Id })),
        Failed: failed.map((entry) => ({ Id: entry.Id, Code: 'InvalidMessageContents', Message: 'no' })),
      };
    },
  } as unknown as SQSClient;
  return { sqs, requests };
};

describe('Function: createMessageSender()', () => {
  it('puts concurrent sends to one queue into shared requests of at most ten', async () => {
    // Prepare
    const { sqs, requests } = recordingSqs();
    const sender = createMessageSender(sqs, { lingerMs: 5 });

    // Act
    await Promise.all(Array.from({ length: 23 }, (_, index) => sender.send('q', [{ index }])));

    // Assess
    expect(requests.map(({ bodies }) => bodies.length)).toEqual([10, 10, 3]);
    const sent = requests.flatMap(({ bodies }) => bodies.map((body) => JSON.parse(body).index));
    expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, index) => index));
  });

  it('keeps queues apart and never splits one caller’s bodies between requests', async () => {
    // Prepare
    const { sqs, requests } = recordingSqs();
    const sender = createMessageSender(sqs, { lingerMs: 5 });

    // Act
    await Promise.all([
      sender.send(
        'a',
        Array.from({ length: 6 }, (_, index) => ({ caller: 1, index })),
      ),
      sender.send('b', [{ caller: 2 }]),
      sender.send(
        'a',
        Array.from({ length: 6 }, (_, index) => ({ caller: 3, index })),
      ),
    ]);

    // Assess
    const callersOf = (queueUrl: string) =>
      requests
        .filter((request) => request.queueUrl === queueUrl)
        .map(({ bodies }) => [...new Set(bodies.map((body) => JSON.parse(body).caller))]);
    expect(callersOf('a')).toEqual([[1], [3]]);
    expect(callersOf('b')).toEqual([[2]]);
  });

  it('fails only the caller whose message SQS refused', async () => {
    // Prepare
    const { sqs, requests } = recordingSqs((body) => body.includes('poison'));
    const sender = createMessageSender(sqs, { lingerMs: 5 });

    // Act
    const outcomes = await Promise.allSettled([
      sender.send('q', [{ page: 1 }]),
      sender.send('q', [{ page: 2 }, { page: 'poison' }]),
      sender.send('q', [{ page: 3 }]),
    ]);

    // Assess: one request, one refusal, reported to its own caller with SQS's reason.
    expect(requests).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(
      /SQS refused 1 of 2 messages: InvalidMessageContents: no/,
    );
  });

  it('fails every caller of a request that SQS did not take at all', async () => {
    // Prepare
    const sqs = {
      send: async () => {
        throw new Error('connection reset');
      },
    } as unknown as SQSClient;
    const sender = createMessageSender(sqs, { lingerMs: 5 });

    // Act
    const outcomes = await Promise.allSettled([sender.send('q', [1]), sender.send('q', [2])]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
