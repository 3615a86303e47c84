import { ChangeMessageVisibilityCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { describeError } from './errors.ts';
import type { Logger } from './logger.ts';

/** Hides a received message (by its receipt handle) for `seconds` from now; 0 makes it visible at once. */
export const changeVisibility = (
  sqs: SQSClient,
  queueUrl: string,
  receiptHandle: string | undefined,
  seconds: number,
) =>
  sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );

/**
 * Makes received messages visible again at once (visibility 0), for a process that gives up on them as it
 * stops. Best effort: a message that cannot be released returns by itself when its visibility timeout
 * ends. Returns how many were released.
 */
export const releaseMessages = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
  log: Logger,
): Promise<number> => {
  const outcomes = await Promise.allSettled(
    messages.map((message) => changeVisibility(sqs, queueUrl, message.ReceiptHandle, 0)),
  );
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      log.warn(
        { messageId: messages[index]?.MessageId, reason: describeError(outcome.reason) },
        'could not release message; it returns when its visibility timeout ends',
      );
    }
  });
  return outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
};

/**
 * Gives a message to be retried back to its queue, to return after `delaySeconds`. Best effort: a
 * backoff that cannot be set leaves the message to return when its visibility timeout ends. `log` is the
 * message's own (settleBatch's), which names it.
 */
export const retryLater = async (
  sqs: SQSClient,
  queueUrl: string,
  message: { receiptHandle?: string | undefined },
  delaySeconds: number,
  log: Logger,
): Promise<void> => {
  try {
    await changeVisibility(sqs, queueUrl, message.receiptHandle, delaySeconds);
  } catch (error) {
    log.warn(
      { reason: describeError(error) },
      'could not delay the retry; the message returns when its visibility timeout ends',
    );
  }
};
