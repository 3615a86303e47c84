import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createOutbox } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { messageBodiesIn } from '../support/queue-messages.ts';

describe('Function: createOutbox() on LocalStack SQS', () => {
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
    return messageBodiesIn(bodies);
  };

  it("delivers every message of a batch's messages in shared requests, and big ones in requests of their own", async () => {
    // Prepare
    const outbox = createOutbox(isolated.platform.sqs);
    const queueUrl = isolated.platform.queues.transform.url;
    // Two messages of 150 KiB: together they would pass SendMessageBatch's 256 KiB limit.
    const big = (index: number) => ({ index, padding: 'x'.repeat(150 * 1024) });
    requests.length = 0;
    for (let index = 0; index < 25; index += 1) outbox.add(index, queueUrl, [{ index }]);
    outbox.add(25, queueUrl, [big(25)]);
    outbox.add(26, queueUrl, [big(26)]);
    const done = Array.from(
      { length: 27 },
      (_, index): PromiseSettledResult<number> => ({
        status: 'fulfilled',
        value: index,
      }),
    );

    // Act
    const results = await outbox.deliver(done);

    // Assess: all 27 arrive once; 25 small ones (bundled) and two big ones take at most 5 requests, not 27.
    expect(results).toEqual(done);
    const sendRequests = requests.filter((name) => name.startsWith('SendMessage'));
    expect(sendRequests.every((name) => name === 'SendMessageBatchCommand')).toBe(true);
    expect(sendRequests.length).toBeLessThanOrEqual(5);
    const received = (await drain(queueUrl)).map((body) => (JSON.parse(body) as { index: number }).index);
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 27 }, (_, index) => index));
  });

  it('fails only the message whose sends SQS refused', async () => {
    // Prepare: a message over SQS's largest message size (1 MiB) is refused; its neighbour's is not.
    const outbox = createOutbox(isolated.platform.sqs);
    const queueUrl = isolated.platform.queues.load.url;
    outbox.add(0, queueUrl, [{ index: 0 }]);
    outbox.add(1, queueUrl, [{ index: 1, padding: 'x'.repeat(1100 * 1024) }]);
    const done: PromiseSettledResult<string>[] = [
      { status: 'fulfilled', value: 'first' },
      { status: 'fulfilled', value: 'second' },
    ];

    // Act
    const [first, second] = await outbox.deliver(done);

    // Assess
    expect(first).toEqual({ status: 'fulfilled', value: 'first' });
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringMatching(/SQS refused/) },
    });
    const received = (await drain(queueUrl)).map((body) => (JSON.parse(body) as { index: number }).index);
    expect(received).toEqual([0]);
  });
});
