import type { SQSClient } from '@aws-sdk/client-sqs';
import { failureReportOf, type Stage, type TraceFields } from '@sluice/contracts';
import { MAX_RECEIVE_COUNT } from './bootstrap.ts';
import { sendToDeadLetter } from './dead-letter.ts';
import { describeError, isRetryable } from './errors.ts';
import type { Logger } from './logger.ts';
import { type StageQueues, sendMessage } from './queues.ts';
import type { BatchHandler } from './settle-batch.ts';
import type { StageTelemetry } from './telemetry/message-telemetry.ts';

/** What both faces of a stage (the poller and the Lambda handler) are given. */
export interface StageHandlerOptions {
  stage: Stage;
  queues: StageQueues;
  /** The load queue, where a dead-lettered message of a run is reported to the run ledger. */
  failureReportUrl: string;
  sqs: SQSClient;
  log: Logger;
  /** Spans and metrics (stage-faces.ts builds them); without, spans have ids only and nothing is measured. */
  telemetry?: StageTelemetry;
  /** The stage's work on a whole batch (see stage.ts): one result per message, in order. */
  handleBatch: BatchHandler;
  clock?: { now: () => Date };
  /** Attempts before a failing message is dead-lettered with its error. */
  maxAttempts?: number;
  /** The delay before a failed message's first retry, doubled at each attempt. */
  retryBaseSeconds?: number;
}

export interface FailedMessage {
  messageId: string | undefined;
  body: string;
  /** How many times SQS has handed this message out, this time included. */
  attempts: number;
  /** The trace context of the span it failed in: its run's failure report continues the page's trace. */
  trace?: TraceFields;
}

export interface FailureContext {
  stage: Stage;
  sqs: SQSClient;
  /** The stage's queue, where a message to retry is given back. */
  queueUrl: string;
  deadLetterUrl: string;
  failureReportUrl: string;
  maxAttempts: number;
  clock: { now: () => Date };
  log: Logger;
}

/** The failure policy's settings for a face, from its options; the same for the poller and the Lambda. */
export const failureContextOf = (options: StageHandlerOptions): FailureContext => ({
  stage: options.stage,
  sqs: options.sqs,
  queueUrl: options.queues.url,
  deadLetterUrl: options.queues.deadLetterUrl,
  failureReportUrl: options.failureReportUrl,
  maxAttempts: options.maxAttempts ?? MAX_RECEIVE_COUNT,
  clock: options.clock ?? { now: () => new Date() },
  log: options.log,
});

/** The first retry's delay; each later one doubles it. */
export const DEFAULT_RETRY_BASE_SECONDS = 5;

/** Retry later rather than at once: 5 s, 10 s, 20 s, … (from `baseSeconds`) capped at 5 minutes. */
export const backoffSeconds = (attempt: number, baseSeconds = DEFAULT_RETRY_BASE_SECONDS): number =>
  Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), 300);

/**
 * What becomes of a message whose handling threw, the same for the local pollers and the Lambdas:
 * `retry` (the caller gives it back to the queue) while retrying can help and attempts remain; otherwise
 * it is copied to the DLQ with its error attached, its run is told (a `page.failed` to the load queue,
 * for the run ledger), and the caller deletes the original. Should either send fail, the original stays
 * to be tried again: a duplicate in the DLQ, never a page lost or a run left running for ever. The DLQ
 * copy is the body as it came, trace context included, so a replayed page joins its trace again. Lines
 * are logged on `context.log`, which the batch path gives the message's context.
 */
export const settleFailedMessage = async (
  error: unknown,
  message: FailedMessage,
  context: FailureContext,
): Promise<'retry' | 'dead-lettered'> => {
  const reason = describeError(error);
  if (isRetryable(error) && message.attempts < context.maxAttempts) {
    context.log.warn({ reason }, 'will retry');
    return 'retry';
  }
  await sendToDeadLetter(context.sqs, context.deadLetterUrl, message.body, {
    stage: context.stage,
    reason,
    attempts: message.attempts,
    failedAt: context.clock.now(),
  });
  const report = failureReportOf(context.stage, message.body, { reason, failedAt: context.clock.now() });
  if (report) await sendMessage(context.sqs, context.failureReportUrl, { ...report, ...message.trace });
  context.log.error({ reason }, 'dead-lettered');
  return 'dead-lettered';
};
