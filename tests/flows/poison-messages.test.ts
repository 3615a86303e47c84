import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { parseMessage } from '@sluice/contracts';
import { DEAD_LETTER_ATTRIBUTES, type Poller, silentLogger, startPoller } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachBody } from '../support/each-body.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

describe('Function: startPoller() with poison messages on LocalStack SQS', () => {
  let isolated: IsolatedPlatform;
  let poller: Poller;
  const handled: unknown[] = [];

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('poison');
    poller = startPoller({
      stage: 'load',
      queues: isolated.platform.queues.load,
      failureReportUrl: isolated.platform.queues.load.url,
      sqs: isolated.platform.sqs,
      log: silentLogger(),
      waitTimeSeconds: 1,
      handleBatch: eachBody(async (body) => {
        handled.push(parseMessage('load', body));
        return {};
      }),
    });
  });
  afterAll(async () => {
    await poller?.stop();
    await isolated?.destroy();
  });

  it('moves a message that breaks its contract to the DLQ at once, with the reason attached', async () => {
    // Prepare
    const { sqs, queues } = isolated.platform;
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.load.url, MessageBody: 'not json at all' }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queues.load.url,
        MessageBody: '{"version":7,"type":"page.transformed"}',
      }),
    );

    // Act: wait for both to reach the DLQ.
    const deadLetters: { body: string; reason: string; stage: string }[] = [];
    for (let attempt = 0; attempt < 20 && deadLetters.length < 2; attempt += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.load.deadLetterUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      for (const message of Messages) {
        deadLetters.push({
          body: message.Body ?? '',
          reason: message.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue ?? '',
          stage: message.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.stage]?.StringValue ?? '',
        });
      }
    }

    // Assess
    expect(handled).toEqual([]);
    const byBody = Object.fromEntries(deadLetters.map((d) => [d.body, d]));
    expect(byBody['not json at all']).toMatchObject({
      stage: 'load',
      reason: expect.stringMatching(/is not JSON/),
    });
    expect(byBody['{"version":7,"type":"page.transformed"}']?.reason).toMatch(
      /breaks its contract[\s\S]*version/,
    );
  });
});
