import {
  DeleteMessageBatchCommand,
  type Message,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sweepQueue } from './sweep-queue.ts';

// Long enough to send and delete a batch, however many batches the sweep takes before it reveals the
// messages it left.
const HIDE_SECONDS = 120;

export interface MoveByHandOptions {
  sourceUrl: string;
  destinationUrl: string;
  /** At most this many messages are looked at: the DLQ's depth when the replay began (see below). */
  limit: number;
  /** Which messages to move; the others stay in the source queue. */
  matches: (message: Message) => boolean;
}

/**
 * Moves the matching messages of `sourceUrl` to `destinationUrl`: each batch is sent first and deleted
 * only once sent, so an interruption can duplicate a message (harmless: loads are idempotent) but never
 * lose one. Only the body is sent: the dead-letter attributes describe the failure, not the message.
 * The limit keeps a replay from chasing its own tail when running services dead-letter the replayed
 * messages again while it goes on.
 */
export const moveMessagesByHand = async (
  sqs: SQSClient,
  options: MoveByHandOptions,
): Promise<{ moved: number }> => {
  let moved = 0;
  await sweepQueue(
    sqs,
    options.sourceUrl,
    { limit: options.limit, hideSeconds: HIDE_SECONDS },
    async (batch) => {
      const sent = await sendCopies(sqs, options.destinationUrl, batch.filter(options.matches));
      await deleteMessages(sqs, options.sourceUrl, sent);
      moved += sent.length;
      return batch.filter((message) => !sent.includes(message));
    },
  );
  return { moved };
};

/** Sends the messages' bodies; returns the ones SQS accepted (the others stay where they are). */
const sendCopies = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<Message[]> => {
  if (messages.length === 0) return [];
  const { Successful = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({ Id: String(index), MessageBody: message.Body ?? '' })),
    }),
  );
  const accepted = new Set(Successful.map((entry) => entry.Id));
  return messages.filter((_, index) => accepted.has(String(index)));
};

const deleteMessages = async (sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> => {
  if (messages.length === 0) return;
  const { Failed = [] } = await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
      })),
    }),
  );
  if (Failed.length > 0) {
    const ids = Failed.map((entry) => messages[Number(entry.Id)]?.MessageId).join(', ');
    const why = `${Failed[0]?.Code ?? ''} ${Failed[0]?.Message ?? ''}`.trim();
    throw new Error(
      `could not delete ${Failed.length} replayed messages from ${queueUrl} (${ids}: ${why}); ` +
        'they were sent to their queue already, so they are now in both',
    );
  }
};
