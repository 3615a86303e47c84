import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { failureContextOf, type StageHandlerOptions } from './failure-policy.ts';
import { retryLater } from './release-messages.ts';
import { settleBatch } from './settle-batch.ts';

export type SqsLambdaOptions = StageHandlerOptions;

export type SqsLambdaHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The Lambda face of a stage: the event's records go to the stage as one batch, through the same message
 * path and failure policy as the local poller (settleBatch). A message to retry is given back with the
 * same backoff the pollers use and reported in `batchItemFailures` (so one bad message never makes the
 * whole batch run again); one that cannot succeed went to the DLQ with its error and counts as handled.
 * Every failure is reported as an item, never by failing the invocation, which would make the whole
 * batch visible again at once, past the backoff.
 */
export const createSqsLambdaHandler = (options: SqsLambdaOptions): SqsLambdaHandler => {
  const failures = failureContextOf(options);
  return async (event) => {
    const records = event.Records;
    const settlements = await settleBatch(
      records.map((record) => ({
        messageId: record.messageId,
        body: record.body,
        attempts: Number(record.attributes.ApproximateReceiveCount || '1'),
      })),
      options.handleBatch,
      {
        failures,
        ...(options.retryBaseSeconds !== undefined ? { retryBaseSeconds: options.retryBaseSeconds } : {}),
      },
    );
    const retries = records.flatMap((record, index) => {
      const settlement = settlements[index];
      return settlement?.outcome === 'retry' ? [{ record, delaySeconds: settlement.delaySeconds }] : [];
    });
    await Promise.all(
      retries.map(({ record, delaySeconds }) =>
        retryLater(options.sqs, options.queues.url, record, delaySeconds, options.log),
      ),
    );
    return { batchItemFailures: retries.map(({ record }) => ({ itemIdentifier: record.messageId })) };
  };
};
