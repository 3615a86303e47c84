import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SluiceError } from './errors.ts';
import { SEND_BATCH_SIZE, sendMessages } from './queues.ts';

/** Sends message bodies to a queue; resolves once SQS has accepted every one of them. */
export interface MessageSender {
  send: (queueUrl: string, bodies: readonly unknown[]) => Promise<void>;
}

export interface MessageSenderOptions {
  /** How long a send waits for others to the same queue before it goes alone. */
  lingerMs?: number;
}

// SendMessageBatch takes at most 256 KiB in all; flushed below that, with room for the request's own fields.
const MAX_BATCH_BYTES = 240 * 1024;

interface Waiting {
  entries: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Outbox {
  waiting: Waiting[];
  count: number;
  bytes: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A sender that puts the sends of concurrent handlers to the same queue into shared SendMessageBatch
 * requests: ten pages handled at once send one request, not ten. Each caller still learns whether its own
 * messages were accepted, so a refused one fails (and retries) only the message that sent it. A caller's
 * bodies are never split between requests; more than a batch's worth go out at once, in parallel batches.
 */
export const createMessageSender = (sqs: SQSClient, options: MessageSenderOptions = {}): MessageSender => {
  const lingerMs = options.lingerMs ?? 10;
  const outboxes = new Map<string, Outbox>();

  const flush = async (queueUrl: string) => {
    const outbox = outboxes.get(queueUrl);
    if (!outbox || outbox.waiting.length === 0) return;
    clearTimeout(outbox.timer);
    outboxes.delete(queueUrl);
    const entries = outbox.waiting.flatMap((waiting, caller) =>
      waiting.entries.map((body, index) => ({ Id: `${caller}-${index}`, MessageBody: body })),
    );
    try {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const refused = new Map<number, string[]>();
      for (const failure of result.Failed ?? []) {
        const caller = Number(failure.Id?.split('-')[0]);
        refused.set(caller, [...(refused.get(caller) ?? []), `${failure.Code}: ${failure.Message}`]);
      }
      for (const [caller, waiting] of outbox.waiting.entries()) {
        const reasons = refused.get(caller);
        if (!reasons) {
          waiting.resolve();
          continue;
        }
        waiting.reject(
          new SluiceError(
            `SQS refused ${reasons.length} of ${waiting.entries.length} messages: ${reasons.join('; ')}`,
            { context: { queueUrl } },
          ),
        );
      }
    } catch (error) {
      for (const waiting of outbox.waiting) waiting.reject(error);
    }
  };

  const send = (queueUrl: string, bodies: readonly unknown[]): Promise<void> => {
    if (bodies.length === 0) return Promise.resolve();
    if (bodies.length > SEND_BATCH_SIZE) return sendMessages(sqs, queueUrl, bodies);
    const entries = bodies.map((body) => JSON.stringify(body));
    const bytes = entries.reduce((sum, entry) => sum + Buffer.byteLength(entry), 0);
    return new Promise<void>((resolve, reject) => {
      const current = outboxes.get(queueUrl);
      if (
        current &&
        (current.count + entries.length > SEND_BATCH_SIZE || current.bytes + bytes > MAX_BATCH_BYTES)
      ) {
        void flush(queueUrl);
      }
      const outbox = outboxes.get(queueUrl) ?? { waiting: [], count: 0, bytes: 0, timer: undefined };
      outboxes.set(queueUrl, outbox);
      outbox.waiting.push({ entries, resolve, reject });
      outbox.count += entries.length;
      outbox.bytes += bytes;
      if (outbox.count >= SEND_BATCH_SIZE) void flush(queueUrl);
      else outbox.timer ??= setTimeout(() => void flush(queueUrl), lingerMs);
    });
  };

  return { send };
};
