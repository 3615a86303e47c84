import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { pageTransformedBody, SENDER } from '../../tests/helpers/factories.ts';
import { queueOfMessages, recordingLog, recordingTracing } from '../../tests/helpers/telemetry-doubles.ts';
import { failureContextFor, recordingSqs } from '../../tests/helpers/test-doubles.ts';
import { SluiceError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { createOutbox } from '../outbox.ts';
import { type BatchResults, type ReceivedMessage, settleBatch } from '../settle-batch.ts';
import { createSqsLambdaHandler } from '../sqs-lambda.ts';
import { bindMessageTrace, withMessageSpans } from './message-trace.ts';

const queues = { url: 'http://127.0.0.1:4566/q/t-load', deadLetterUrl: 'http://127.0.0.1:4566/q/t-load-dlq' };

const received = (body: string, index = 1): ReceivedMessage => ({
  messageId: `m-${index}`,
  receiptHandle: `r-${index}`,
  body,
  attempts: 1,
});

const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

/** The first message body of the first SendMessageBatch request that matches. */
const firstBatchedBody = (
  sent: { name: string; input: Record<string, unknown> }[],
  queueUrl?: string,
): Record<string, unknown> => {
  const request = sent.find(
    ({ name, input }) =>
      name === 'SendMessageBatchCommand' && (queueUrl === undefined || input.QueueUrl === queueUrl),
  );
  const entries = (request?.input.Entries ?? []) as { MessageBody: string }[];
  return JSON.parse(entries[0]?.MessageBody ?? '{}');
};

/** Each entry a message the batch parsed, tied to its span as batchHandlerOf ties it. */
const parsedOf = (messages: readonly ReceivedMessage[]) =>
  messages.map((message) => {
    const parsed = JSON.parse(message.body) as Record<string, unknown>;
    bindMessageTrace(parsed, message.trace);
    return parsed;
  });

describe('Function: settleBatch(), its spans', () => {
  it('handles each message in a span of its own, the child of the span that sent it', async () => {
    // Prepare
    const { tracing, spans } = recordingTracing();
    const handle = async (): Promise<BatchResults> => [
      { status: 'fulfilled', value: {} },
      { status: 'fulfilled', value: {} },
    ];
    const messages = [pageTransformedBody(1, { traceparent: SENDER.traceparent }), pageTransformedBody(2)];

    // Act
    await settleBatch(messages.map(received), handle, {
      failures: failureContextFor(recordingSqs().sqs),
      telemetry: { tracing },
    });

    // Assess
    const [sent, unsent] = named(spans(), 'load page.transformed');
    expect(sent?.spanContext().traceId).toBe(SENDER.traceId);
    expect(sent?.parentSpanContext?.spanId).toBe(SENDER.spanId);
    expect(sent?.kind).toBe(SpanKind.CONSUMER);
    expect(sent?.attributes).toMatchObject({
      'sluice.stage': 'load',
      'sluice.run_id': '20261203T120000Z-abc123',
      'sluice.page': 1,
      'sluice.outcome': 'handled',
      'messaging.message.id': 'm-0',
    });
    // A message sent before tracing started its own trace.
    expect(unsent?.parentSpanContext).toBeUndefined();
    expect(unsent?.spanContext().traceId).not.toBe(SENDER.traceId);
  });

  it('keeps the trace of a dead-lettered page: the DLQ copy as it came, the run told in the same trace', async () => {
    // Prepare
    const { tracing, spans } = recordingTracing();
    const { sqs, sent } = recordingSqs();
    const body = pageTransformedBody(1, { traceparent: SENDER.traceparent });
    const handle = async (): Promise<BatchResults> => [
      { status: 'rejected', reason: new SluiceError('no such object', { retryable: false }) },
    ];

    // Act
    await settleBatch([received(body)], handle, { failures: failureContextFor(sqs), telemetry: { tracing } });

    // Assess
    const [span] = spans();
    expect(span?.status).toMatchObject({ code: 2, message: expect.stringMatching(/no such object/) });
    expect(span?.attributes['sluice.outcome']).toBe('dead-lettered');
    const dlq = sent.find(({ name }) => name === 'SendMessageCommand');
    expect(dlq?.input.MessageBody).toBe(body);
    expect(firstBatchedBody(sent)).toMatchObject({
      type: 'page.failed',
      traceparent: `00-${SENDER.traceId}-${span?.spanContext().spanId}-01`,
    });
  });

  it('sends what the batch sends on in the trace of the message that asked for it', async () => {
    // Prepare: page 1 goes on to the next stage as page 1, and asks for page 2.
    const { tracing, spans } = recordingTracing();
    const { sqs, sent } = recordingSqs();
    const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> => {
      const parsed = parsedOf(messages);
      const outbox = createOutbox(sqs, parsed);
      outbox.add(0, 'q-next', [{ ...parsed[0], type: 'page.loaded' }]);
      outbox.add(0, 'q-extract', [{ ...parsed[0], page: 2, type: 'page.requested' }]);
      return outbox.deliver([{ status: 'fulfilled', value: {} }]);
    };
    const body = pageTransformedBody(1, { traceparent: SENDER.traceparent });

    // Act
    await settleBatch([received(body)], handle, { failures: failureContextFor(sqs), telemetry: { tracing } });

    // Assess
    const [handled] = named(spans(), 'load page.transformed');
    const [fannedOut] = named(spans(), 'send page.requested');
    const handledSpan = handled?.spanContext();
    expect(firstBatchedBody(sent, 'q-next').traceparent).toBe(
      `00-${SENDER.traceId}-${handledSpan?.spanId}-01`,
    );
    // Another page: a trace of its own, which starts at a producer span linked to the one that asked.
    expect(fannedOut?.kind).toBe(SpanKind.PRODUCER);
    expect(fannedOut?.parentSpanContext).toBeUndefined();
    expect(fannedOut?.links.map((link) => link.context.spanId)).toEqual([handledSpan?.spanId]);
    expect(fannedOut?.attributes).toMatchObject({ 'sluice.page': 2 });
    const fannedOutSpan = fannedOut?.spanContext();
    expect(firstBatchedBody(sent, 'q-extract').traceparent).toBe(
      `00-${fannedOutSpan?.traceId}-${fannedOutSpan?.spanId}-01`,
    );
    expect(fannedOutSpan?.traceId).not.toBe(SENDER.traceId);
  });
});

describe('Function: withMessageSpans()', () => {
  it('puts one span of shared work under each message span', async () => {
    // Prepare
    const { tracing, spans } = recordingTracing();
    const handle = async (messages: readonly ReceivedMessage[]): Promise<BatchResults> => {
      const parsed = parsedOf(messages);
      await withMessageSpans(parsed, 'load transaction', async () => undefined, {
        'db.system.name': 'mysql',
      });
      return parsed.map(() => ({ status: 'fulfilled', value: {} }));
    };
    const bodies = [1, 2].map((page) => pageTransformedBody(page, { traceparent: SENDER.traceparent }));

    // Act
    await settleBatch(bodies.map(received), handle, {
      failures: failureContextFor(recordingSqs().sqs),
      telemetry: { tracing },
    });

    // Assess
    const pages = named(spans(), 'load page.transformed').map((span) => span.spanContext().spanId);
    const transactions = named(spans(), 'load transaction');
    expect(transactions.map((span) => span.parentSpanContext?.spanId).sort()).toEqual(pages.sort());
    expect(transactions[0]?.attributes).toMatchObject({ 'sluice.shared_by': 2, 'db.system.name': 'mysql' });
  });
});

describe('Function: createSqsLambdaHandler(), its spans', () => {
  it('exports the spans of the batch before it returns', async () => {
    // Prepare
    const { tracing, flushes } = recordingTracing();
    const handler = createSqsLambdaHandler({
      stage: 'load',
      queues,
      failureReportUrl: queues.url,
      sqs: queueOfMessages([]).sqs,
      log: silentLogger(),
      telemetry: { tracing },
      handleBatch: async () => [{ status: 'fulfilled', value: {} }],
    });
    const record = { messageId: 'm-1', receiptHandle: 'r-1', body: pageTransformedBody(1), attributes: {} };

    // Act
    await handler({ Records: [record] } as unknown as SQSEvent, { awsRequestId: 'request-1' });

    // Assess
    expect(flushes()).toBe(1);
  });

  it('still answers for its batch when the spans cannot be exported', async () => {
    // Prepare: a collector that is down.
    const { tracing } = recordingTracing();
    const { log, lines } = recordingLog();
    const handler = createSqsLambdaHandler({
      stage: 'load',
      queues,
      failureReportUrl: queues.url,
      sqs: queueOfMessages([]).sqs,
      log,
      telemetry: { tracing: { ...tracing, flush: () => Promise.reject(new Error('connect ECONNREFUSED')) } },
      handleBatch: async () => [{ status: 'fulfilled', value: {} }],
    });
    const record = { messageId: 'm-1', receiptHandle: 'r-1', body: pageTransformedBody(1), attributes: {} };

    // Act
    const response = await handler({ Records: [record] } as unknown as SQSEvent);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(lines.at(-1)).toMatchObject({
      msg: 'could not export spans',
      reason: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
