import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Stage } from '@sluice/contracts';

/** Message attributes that travel with a dead-lettered message, so an operator sees why it failed. */
export const DEAD_LETTER_ATTRIBUTES = {
  reason: 'sluice-error',
  stage: 'sluice-stage',
  failedAt: 'sluice-failed-at',
  attempts: 'sluice-attempts',
} as const;

// SQS attributes count toward the 256 KiB message limit; a reason longer than this is cut.
const MAX_REASON_LENGTH = 4_000;

/**
 * Copies a message's body to the DLQ with its failure attached. The caller deletes the original only after this
 * succeeds, so a crash in between duplicates the message in the DLQ rather than losing it.
 */
export const sendToDeadLetter = async (
  sqs: SQSClient,
  deadLetterUrl: string,
  body: string,
  failure: { stage: Stage; reason: string; attempts: number; failedAt: Date },
): Promise<void> => {
  const text = (value: string) => ({ DataType: 'String', StringValue: value });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: deadLetterUrl,
      MessageBody: body,
      MessageAttributes: {
        [DEAD_LETTER_ATTRIBUTES.reason]: text(failure.reason.slice(0, MAX_REASON_LENGTH) || 'unknown error'),
        [DEAD_LETTER_ATTRIBUTES.stage]: text(failure.stage),
        [DEAD_LETTER_ATTRIBUTES.failedAt]: text(failure.failedAt.toISOString()),
        [DEAD_LETTER_ATTRIBUTES.attempts]: { DataType: 'Number', StringValue: String(failure.attempts) },
      },
    }),
  );
};
