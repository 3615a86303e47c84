import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVE_COUNT } from './bootstrap.ts';
import { backoffSeconds, type StageHandlerOptions, settleFailedMessage } from './failure-policy.ts';
import { changeVisibility } from './release-messages.ts';

export type SqsLambdaOptions = StageHandlerOptions;

export type SqsLambdaHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The Lambda face of a stage: the same core and the same failure policy as the local poller, reporting
 * partial batch failures so one bad message never makes the whole batch run again. A message to retry
 * is given back with the same backoff the pollers use; one that cannot succeed goes to the DLQ with its
 * error and counts as handled.
 */
export const createSqsLambdaHandler = (options: SqsLambdaOptions): SqsLambdaHandler => {
  const { stage, queues, sqs, log, handle } = options;
  const failures = {
    stage,
    sqs,
    deadLetterUrl: queues.deadLetterUrl,
    failureReportUrl: options.failureReportUrl,
    maxAttempts: options.maxAttempts ?? MAX_RECEIVE_COUNT,
    clock: options.clock ?? { now: () => new Date() },
    log,
  };
  // Built once per container, as Powertools recommends: it holds no state across invocations.
  const processor = new BatchProcessor(EventType.SQS);

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const started = performance.now();
    try {
      const summary = await handle(record.body);
      log.info(
        { stage, messageId: record.messageId, ms: Math.round(performance.now() - started), ...summary },
        'handled',
      );
    } catch (error) {
      const attempts = Number(record.attributes.ApproximateReceiveCount || '1');
      const failed = { messageId: record.messageId, body: record.body, attempts };
      if ((await settleFailedMessage(error, failed, failures)) === 'dead-lettered') return;
      await changeVisibility(
        sqs,
        queues.url,
        record.receiptHandle,
        backoffSeconds(attempts, options.retryBaseSeconds),
      );
      throw error;
    }
  };

  // When every record fails, report them all rather than failing the invocation: the backoff set above
  // then still applies, where a failed invocation would make the whole batch visible again at once.
  return (event, context) =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
};
