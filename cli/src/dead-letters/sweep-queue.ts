import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

// ReceiveMessage and the batch actions take at most 10 messages.
const BATCH_SIZE = 10;

export interface SweepOptions {
  /** Stop after this many distinct messages: the depth read beforehand, or a cap. */
  limit: number;
  /**
   * How long each received message stays hidden while the sweep goes on. Long enough for the sweep to
   * finish; if the process dies, the messages come back by themselves after it.
   */
  hideSeconds: number;
}

/**
 * Receives up to `limit` distinct messages of a queue, ten at a time, and hands each batch to `visit`,
 * which returns the messages it left on the queue. Those stay hidden until the sweep ends and are then
 * made visible again at once. Hiding is what lets the sweep get past the first ten: a receive with
 * VisibilityTimeout 0 hands out the same messages every time (LocalStack always returns the oldest ten).
 * The sweep ends at the limit or after a receive that brings nothing new.
 */
export const sweepQueue = async (
  sqs: SQSClient,
  queueUrl: string,
  options: SweepOptions,
  visit: (messages: Message[]) => Promise<Message[]>,
): Promise<{ seen: number }> => {
  const seen = new Set<string>();
  // Message id → its latest receipt handle: only the latest one can change its visibility.
  const hidden = new Map<string, string>();
  try {
    while (seen.size < options.limit) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(BATCH_SIZE, options.limit - seen.size),
          VisibilityTimeout: options.hideSeconds,
          // A long poll, however short, asks every SQS server; a short poll samples some and can come back
          // empty while messages wait.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      const fresh: Message[] = [];
      for (const message of Messages) {
        if (!message.MessageId || !message.ReceiptHandle) continue;
        if (seen.has(message.MessageId)) {
          if (hidden.has(message.MessageId)) hidden.set(message.MessageId, message.ReceiptHandle);
        } else {
          seen.add(message.MessageId);
          fresh.push(message);
        }
      }
      if (fresh.length === 0) break;
      for (const message of await visit(fresh)) {
        if (message.MessageId && message.ReceiptHandle) hidden.set(message.MessageId, message.ReceiptHandle);
      }
    }
  } finally {
    await revealMessages(sqs, queueUrl, [...hidden.values()]);
  }
  return { seen: seen.size };
};

/**
 * Makes hidden messages visible again. An entry can fail when its message was deleted or its hiding
 * already ran out; either way it is, or soon will be, visible, so failed entries are not errors.
 */
const revealMessages = async (sqs: SQSClient, queueUrl: string, receiptHandles: string[]) => {
  for (let start = 0; start < receiptHandles.length; start += BATCH_SIZE) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: receiptHandles.slice(start, start + BATCH_SIZE).map((ReceiptHandle, index) => ({
          Id: String(index),
          ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
};
