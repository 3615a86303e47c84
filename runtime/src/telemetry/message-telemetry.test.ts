import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { pageTransformedBody, SENDER } from '../../tests/helpers/factories.ts';
import { queueOfMessages, recordingLog } from '../../tests/helpers/telemetry-doubles.ts';
import { SluiceError } from '../errors.ts';
import { startPoller } from '../poller.ts';
import type { BatchHandler } from '../settle-batch.ts';
import { createSqsLambdaHandler } from '../sqs-lambda.ts';

const queues = { url: 'http://127.0.0.1:4566/q/t-load', deadLetterUrl: 'http://127.0.0.1:4566/q/t-load-dlq' };

// Page 1 is handled, page 2 fails for now (retried), page 3 can never pass (dead-lettered).
const bodies = [1, 2, 3].map((page) => pageTransformedBody(page, { traceparent: SENDER.traceparent }));
const handleBatch: BatchHandler = async () => [
  { status: 'fulfilled', value: { runId: '20261203T120000Z-abc123', page: 1, status: 'loaded' } },
  { status: 'rejected', reason: new SluiceError('the database restarted') },
  { status: 'rejected', reason: new SluiceError('no such object', { retryable: false }) },
];

/** The lines about messages (those naming one), by what they say. */
const messageLines = (lines: Record<string, unknown>[]): Record<string, Record<string, unknown>> =>
  Object.fromEntries(lines.filter((line) => 'messageId' in line).map((line) => [line.msg, line]));

const throughThePoller = async () => {
  const { log, lines } = recordingLog();
  const { sqs } = queueOfMessages(
    bodies.map((Body, index) => ({
      MessageId: `m-${index + 1}`,
      ReceiptHandle: `r-${index + 1}`,
      Body,
      Attributes: { ApproximateReceiveCount: '2' },
    })),
  );
  const poller = startPoller({
    stage: 'load',
    queues,
    failureReportUrl: queues.url,
    sqs,
    log,
    handleBatch,
    waitTimeSeconds: 0,
    stopTimeoutSeconds: 0.2,
  });
  await expect.poll(() => Object.keys(messageLines(lines)).length).toBe(3);
  await poller.stop();
  return messageLines(lines);
};

const throughTheLambda = async () => {
  const { log, lines } = recordingLog();
  const { sqs } = queueOfMessages([]);
  const handler = createSqsLambdaHandler({
    stage: 'load',
    queues,
    failureReportUrl: queues.url,
    sqs,
    log,
    handleBatch,
  });
  const Records = bodies.map((body, index) => ({
    messageId: `m-${index + 1}`,
    receiptHandle: `r-${index + 1}`,
    body,
    attributes: { ApproximateReceiveCount: '2' },
  }));
  await handler({ Records } as unknown as SQSEvent, { awsRequestId: 'request-1' });
  return messageLines(lines);
};

describe('Function: openMessage(), through both faces', () => {
  it('logs a message handled, retried or dead-lettered with the same keys from the poller and the Lambda', async () => {
    // Act
    const polled = await throughThePoller();
    const invoked = await throughTheLambda();

    // Assess: the same lines, the same keys; the Lambda's add only its request id.
    expect(Object.keys(polled).sort()).toEqual(['dead-lettered', 'handled', 'will retry']);
    expect(Object.keys(invoked).sort()).toEqual(Object.keys(polled).sort());
    for (const [msg, line] of Object.entries(polled)) {
      expect(Object.keys(invoked[msg] ?? {}).sort()).toEqual([...Object.keys(line), 'requestId'].sort());
      expect(invoked[msg]).toMatchObject({ requestId: 'request-1' });
    }
  });

  it('names the stage, pipeline, run, resource, page, message, attempt and trace on every message line', async () => {
    // Act
    const invoked = await throughTheLambda();

    // Assess
    const context = {
      service: 'loader',
      stage: 'load',
      pipeline: 'rickandmorty',
      runId: '20261203T120000Z-abc123',
      resource: 'character',
      attempt: 2,
      // The trace the sender's traceparent named, in a span of this stage's own.
      traceId: SENDER.traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      requestId: 'request-1',
    };
    expect(invoked.handled).toMatchObject({ ...context, page: 1, messageId: 'm-1', status: 'loaded' });
    expect(invoked['will retry']).toMatchObject({ ...context, page: 2, messageId: 'm-2' });
    expect(invoked['dead-lettered']).toMatchObject({ ...context, page: 3, messageId: 'm-3' });
    expect(invoked.handled?.spanId).not.toBe(SENDER.spanId);
  });

  it('logs a key once, even where the stage result names it too', async () => {
    // Act
    const { log, raw } = recordingLog();
    const handler = createSqsLambdaHandler({
      stage: 'load',
      queues,
      failureReportUrl: queues.url,
      sqs: queueOfMessages([]).sqs,
      log,
      handleBatch,
    });
    const record = { messageId: 'm-1', receiptHandle: 'r-1', body: bodies[0], attributes: {} };
    await handler({ Records: [record] } as unknown as SQSEvent);

    // Assess: pino would write a bound key and the same key of the line twice, which JSON readers disagree on.
    expect(raw).toHaveLength(1);
    const [line = ''] = raw;
    for (const key of ['runId', 'page', 'messageId', 'traceId']) {
      expect(line.split(`"${key}":`)).toHaveLength(2);
    }
    expect(JSON.parse(line)).toMatchObject({ msg: 'handled', runId: '20261203T120000Z-abc123', attempt: 1 });
  });
});
