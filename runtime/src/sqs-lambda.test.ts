import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { recordingSqs } from '../tests/helpers/test-doubles.ts';
import { SluiceError } from './errors.ts';
import { silentLogger } from './logger.ts';
import { createSqsLambdaHandler } from './sqs-lambda.ts';

const record = (messageId: string, attempts = 1): SQSRecord =>
  ({
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: 'not a sluice message',
    attributes: { ApproximateReceiveCount: String(attempts) },
  }) as unknown as SQSRecord;

const queues = { url: 'http://127.0.0.1:4566/q/t-load', deadLetterUrl: 'http://127.0.0.1:4566/q/t-load-dlq' };

describe('Function: createSqsLambdaHandler()', () => {
  it('reports only the messages to retry, each given back with its backoff', async () => {
    // Prepare: 'a' succeeds, 'b' may pass later, 'c' cannot pass and goes to the DLQ.
    const { sqs, sent } = recordingSqs();
    const handler = createSqsLambdaHandler({
      stage: 'load',
      queues,
      failureReportUrl: queues.url,
      sqs,
      log: silentLogger(),
      retryBaseSeconds: 5,
      handleBatch: async () => [
        { status: 'fulfilled', value: {} },
        { status: 'rejected', reason: new SluiceError('the database restarted') },
        { status: 'rejected', reason: new SluiceError('no such object', { retryable: false }) },
      ],
    });

    // Act
    const response = await handler({ Records: [record('a'), record('b', 3), record('c')] } as SQSEvent);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
    const visibility = sent.find(({ name }) => name === 'ChangeMessageVisibilityCommand');
    expect(visibility?.input).toMatchObject({ ReceiptHandle: 'receipt-b', VisibilityTimeout: 20 });
    const dlq = sent.find(({ name }) => name === 'SendMessageCommand');
    expect(dlq?.input).toMatchObject({ QueueUrl: queues.deadLetterUrl });
  });
});
