import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describeError } from './errors.ts';
import { failureContextOf, type StageHandlerOptions } from './failure-policy.ts';
import { PREVIOUS_ATTEMPTS_ATTRIBUTE, previousAttemptsOf } from './message-bundles.ts';
import { settleBatch } from './settle-batch.ts';

export type SqsLambdaOptions = StageHandlerOptions;

export type SqsLambdaHandler = (
  event: SQSEvent,
  context?: Pick<Context, 'awsRequestId'>,
) => Promise<SQSBatchResponse>;

/**
 * The Lambda face of a stage: the event's records go to the stage as one batch, through the same message
 * path and failure policy as the local poller (settleBatch), which gives a message to retry back with the
 * pollers' backoff; it is reported in `batchItemFailures` (so one bad message never makes the whole batch
 * run again); one that cannot succeed went to the DLQ with its error and counts as handled. Every failure
 * is reported as an item, never by failing the invocation, which would make the whole batch visible again
 * at once, past the backoff. The spans are exported before it returns: a frozen sandbox sends nothing.
 */
export const createSqsLambdaHandler = (options: SqsLambdaOptions): SqsLambdaHandler => {
  const failures = failureContextOf(options);
  return async (event, context) => {
    const records = event.Records;
    const settlements = await settleBatch(
      records.map((record) => ({
        messageId: record.messageId,
        receiptHandle: record.receiptHandle,
        body: record.body,
        attempts:
          Number(record.attributes.ApproximateReceiveCount || '1') +
          previousAttemptsOf(record.messageAttributes?.[PREVIOUS_ATTEMPTS_ATTRIBUTE]?.stringValue),
      })),
      options.handleBatch,
      {
        failures,
        ...(options.retryBaseSeconds !== undefined ? { retryBaseSeconds: options.retryBaseSeconds } : {}),
        ...(options.telemetry ? { telemetry: options.telemetry } : {}),
        ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
      },
    );
    await options.telemetry?.tracing.flush().catch((error: unknown) => {
      options.log.warn({ stage: options.stage, reason: describeError(error) }, 'could not export spans');
    });
    const retries = records.filter((_, index) => settlements[index]?.outcome === 'retry');
    return { batchItemFailures: retries.map((record) => ({ itemIdentifier: record.messageId })) };
  };
};
