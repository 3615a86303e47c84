import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { readQueueDepths } from '@sluice/cli';
import type { Stage } from '@sluice/contracts';
import {
  DEAD_LETTER_ATTRIBUTES,
  type Poller,
  type PollerOptions,
  SluiceError,
  silentLogger,
  startPoller,
} from '@sluice/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eachBody } from '../support/each-body.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Function: startPoller() and the visibility of the messages it holds, on LocalStack SQS', () => {
  let isolated: IsolatedPlatform;
  const pollers: Poller[] = [];

  const start = (
    stage: Stage,
    handle: (body: string) => Promise<Record<string, unknown>>,
    options: Partial<PollerOptions> = {},
  ) => {
    const poller = startPoller({
      stage,
      queues: isolated.platform.queues[stage],
      failureReportUrl: isolated.platform.queues.load.url,
      sqs: isolated.platform.sqs,
      log: silentLogger(),
      waitTimeSeconds: 1,
      handleBatch: eachBody(handle),
      ...options,
    });
    pollers.push(poller);
    return poller;
  };
  const send = (stage: Stage, body: string) =>
    isolated.platform.sqs.send(
      new SendMessageCommand({ QueueUrl: isolated.platform.queues[stage].url, MessageBody: body }),
    );
  const receive = async (stage: Stage, visibilityTimeout: number) => {
    const { Messages = [] } = await isolated.platform.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: isolated.platform.queues[stage].url,
        VisibilityTimeout: visibilityTimeout,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return Messages;
  };
  const remove = (stage: Stage, receiptHandle: string | undefined) =>
    isolated.platform.sqs.send(
      new DeleteMessageCommand({
        QueueUrl: isolated.platform.queues[stage].url,
        ReceiptHandle: receiptHandle,
      }),
    );
  const depthOf = async (stage: Stage) => {
    const { queue } = (await readQueueDepths(isolated.platform.sqs, isolated.platform.queues))[stage];
    return queue.waiting + queue.inFlight + queue.delayed;
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('visibility');
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('hands a message out again once its visibility timeout ends, when nobody extends it', async () => {
    // Prepare
    await send('extract', 'unattended');
    const [first] = await receive('extract', 2);

    // Act
    await sleep(2_500);
    const [again] = await receive('extract', 30);

    // Assess: the baseline the heartbeat has to beat.
    expect(first?.Body).toBe('unattended');
    expect(again?.MessageId).toBe(first?.MessageId);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
    await remove('extract', again?.ReceiptHandle);
  });

  it('keeps a message hidden from a second consumer while a handler works longer than the timeout', async () => {
    // Prepare: two pollers on one queue, a 2 s visibility timeout and a handler that takes 5 s.
    const handled: string[] = [];
    const slowly = (consumer: string) => async (body: string) => {
      handled.push(`${consumer}:${body}`);
      await sleep(5_000);
      return {};
    };
    start('load', slowly('first'), { visibilityTimeoutSeconds: 2 });
    start('load', slowly('second'), { visibilityTimeoutSeconds: 2 });

    // Act
    await send('load', 'slow page');
    for (let waited = 0; (await depthOf('load')) > 0 && waited < 20_000; waited += 500) await sleep(500);

    // Assess: handled once, then acknowledged.
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatch(/^(first|second):slow page$/);
    expect(await depthOf('load')).toBe(0);
  });

  it('lets the messages in hand finish when they finish within the stop timeout', async () => {
    // Prepare
    let finished = 0;
    let startedWork: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      startedWork = resolve;
    });
    const poller = start(
      'extract',
      async () => {
        startedWork();
        await sleep(2_000);
        finished += 1;
        return {};
      },
      { stopTimeoutSeconds: 10 },
    );
    await send('extract', 'nearly done');
    await started;

    // Act
    await poller.stop();

    // Assess: stop waited for the handler, and its message was acknowledged.
    expect(finished).toBe(1);
    expect(await depthOf('extract')).toBe(0);
  });

  it('fails a message whose handler hangs past the handle timeout, with that reason', async () => {
    // Prepare: a handler that never settles, one attempt.
    start('load', () => new Promise<never>(() => {}), { handleTimeoutSeconds: 1, maxAttempts: 1 });

    // Act
    await send('load', 'hung page');
    let deadLetter:
      | { Body?: string; MessageAttributes?: Record<string, { StringValue?: string }> }
      | undefined;
    for (let attempt = 0; attempt < 10 && !deadLetter; attempt += 1) {
      const { Messages = [] } = await isolated.platform.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: isolated.platform.queues.load.deadLetterUrl,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      deadLetter = Messages[0];
    }

    // Assess
    expect(deadLetter?.Body).toBe('hung page');
    expect(deadLetter?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).toMatch(
      /^SluiceError: handling a batch of load took longer than 1 s/,
    );
    // The original is deleted only after its copy reached the DLQ: give the delete a moment.
    let depth = await depthOf('load');
    for (let attempt = 0; attempt < 20 && depth > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      depth = await depthOf('load');
    }
    expect(depth).toBe(0);
  });

  it('releases a message still in hand when the stop timeout passes, for another consumer to take', async () => {
    // Prepare: a handler that never finishes on its own, and a 30 s visibility timeout.
    let release: () => void = () => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    let startedWork: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      startedWork = resolve;
    });
    const poller = start(
      'transform',
      async () => {
        startedWork();
        await stuck;
        return {};
      },
      { visibilityTimeoutSeconds: 30, stopTimeoutSeconds: 1 },
    );
    await send('transform', 'stuck page');
    await started;

    // Act
    const stopping = performance.now();
    await poller.stop();
    const stopSeconds = (performance.now() - stopping) / 1000;
    const [taken] = await receive('transform', 30);

    // Assess: visible again at once, not 30 s later.
    expect(stopSeconds).toBeLessThan(5);
    expect(taken?.Body).toBe('stuck page');
    expect(taken?.Attributes?.ApproximateReceiveCount).toBe('2');
    await remove('transform', taken?.ReceiptHandle);
    release();
  });

  it('deletes the messages of a receive in one request and gives a failing one back after its backoff', async () => {
    // Prepare: five messages sent together, the handler fails 'bad' once (retryable) with a 1 s backoff,
    // and every SQS request the poller makes is recorded.
    const requests: string[] = [];
    const recorder = 'record-requests';
    isolated.platform.sqs.middlewareStack.add(
      (next, context) => (args) => {
        requests.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: recorder },
    );
    const handledAt = new Map<string, number[]>();
    start(
      'extract',
      async (body) => {
        handledAt.set(body, [...(handledAt.get(body) ?? []), performance.now()]);
        if (body === 'bad' && handledAt.get(body)?.length === 1) throw new SluiceError('flaky source');
        return {};
      },
      { retryBaseSeconds: 1, maxAttempts: 3 },
    );

    try {
      // Act
      await isolated.platform.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: isolated.platform.queues.extract.url,
          Entries: ['a', 'b', 'bad', 'c', 'd'].map((body) => ({ Id: body, MessageBody: body })),
        }),
      );
      for (let waited = 0; (handledAt.get('bad')?.length ?? 0) < 2 && waited < 15_000; waited += 250) {
        await sleep(250);
      }
      for (let waited = 0; (await depthOf('extract')) > 0 && waited < 5_000; waited += 250) await sleep(250);
    } finally {
      isolated.platform.sqs.middlewareStack.remove(recorder);
    }

    // Assess: each good message handled once, 'bad' twice with the backoff between, the queue empty,
    // and no message deleted on its own.
    expect(['a', 'b', 'c', 'd'].map((body) => handledAt.get(body)?.length)).toEqual([1, 1, 1, 1]);
    const [first = 0, second = 0] = handledAt.get('bad') ?? [];
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(await depthOf('extract')).toBe(0);
    expect(requests).toContain('DeleteMessageBatchCommand');
    expect(requests).not.toContain('DeleteMessageCommand');
  });
});
