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
