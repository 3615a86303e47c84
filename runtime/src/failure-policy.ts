import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Stage } from '@sluice/contracts';
import { sendToDeadLetter } from './dead-letter.ts';
import { describeError, isRetryable } from './errors.ts';
import type { Logger } from './logger.ts';
import type { StageQueues } from './queues.ts';

/** What both faces of a stage (the poller and the Lambda handler) are given. */
export interface StageHandlerOptions {
  stage: Stage;
  queues: StageQueues;
  sqs: SQSClient;
  log: Logger;
  /** The service's core: parses and handles one message body; throws to fail it. Returns what to log. */
  handle: (body: string) => Promise<Record<string, unknown>>;
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
}

export interface FailureContext {
  stage: Stage;
  sqs: SQSClient;
  deadLetterUrl: string;
  maxAttempts: number;
  clock: { now: () => Date };
  log: Logger;
}

/** The first retry's delay; each later one doubles it. */
export const DEFAULT_RETRY_BASE_SECONDS = 5;

/** Retry later rather than at once: 5 s, 10 s, 20 s, … (from `baseSeconds`) capped at 5 minutes. */
export const backoffSeconds = (attempt: number, baseSeconds = DEFAULT_RETRY_BASE_SECONDS): number =>
  Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), 300);

/**
 * What becomes of a message whose handling threw, the same for the local pollers and the Lambdas:
 * `retry` (the caller gives it back to the queue) while retrying can help and attempts remain; otherwise
 * it is copied to the DLQ with its error attached, and the caller deletes the original.
 */
export const settleFailedMessage = async (
  error: unknown,
  message: FailedMessage,
  context: FailureContext,
): Promise<'retry' | 'dead-lettered'> => {
  const reason = describeError(error);
  if (isRetryable(error) && message.attempts < context.maxAttempts) {
    context.log.warn(
      { stage: context.stage, messageId: message.messageId, attempts: message.attempts, reason },
      'will retry',
    );
    return 'retry';
  }
  await sendToDeadLetter(context.sqs, context.deadLetterUrl, message.body, {
    stage: context.stage,
    reason,
    attempts: message.attempts,
    failedAt: context.clock.now(),
  });
  context.log.error(
    { stage: context.stage, messageId: message.messageId, attempts: message.attempts, reason },
    'dead-lettered',
  );
  return 'dead-lettered';
};
