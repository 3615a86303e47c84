import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createMessageSender } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

describe('Function: createMessageSender() on LocalStack SQS', () => {
  let isolated: IsolatedPlatform;
  const requests: string[] = [];
  const recorder = 'record-sender-requests';

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('sender');
    isolated.platform.sqs.middlewareStack.add(
      (next, context) => (args) => {
        requests.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: recorder },
    );
  });
  afterAll(async () => {
    isolated?.platform.sqs.middlewareStack.remove(recorder);
    await isolated?.destroy();
  });

  const drain = async (queueUrl: string) => {
    const bodies: string[] = [];
    for (let empty = 0; empty < 2; ) {
      const { Messages = [] } = await isolated.platform.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) empty += 1;
      bodies.push(...Messages.map((message) => message.Body ?? ''));
    }
    return bodies;
  };

  it('delivers every message of concurrent senders in shared batches, and big ones in batches of their own', async () => {
    // Prepare
    const sender = createMessageSender(isolated.platform.sqs);
    const queueUrl = isolated.platform.queues.transform.url;
    // Two messages of 150 KiB: together they would pass SendMessageBatch's 256 KiB limit.
    const big = (index: number) => ({ index, padding: 'x'.repeat(150 * 1024) });
    requests.length = 0;

    // Act
    await Promise.all([
      ...Array.from({ length: 25 }, (_, index) => sender.send(queueUrl, [{ index }])),
      sender.send(queueUrl, [big(25)]),
      sender.send(queueUrl, [big(26)]),
    ]);

    // Assess: all 27 arrive once; 25 small ones and two big ones take at most 5 requests, not 27.
    const sendRequests = requests.filter((name) => name.startsWith('SendMessage'));
    expect(sendRequests.every((name) => name === 'SendMessageBatchCommand')).toBe(true);
    expect(sendRequests.length).toBeLessThanOrEqual(5);
    const received = (await drain(queueUrl)).map((body) => (JSON.parse(body) as { index: number }).index);
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 27 }, (_, index) => index));
  });
});
