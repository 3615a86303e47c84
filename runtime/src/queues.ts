import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, queueName, STAGES, type Stage } from '@sluice/contracts';
import { SluiceError } from './errors.ts';

export interface StageQueues {
  url: string;
  deadLetterUrl: string;
}
export type QueueUrls = Record<Stage, StageQueues>;

/** Looks up the URLs of the three queues and their DLQs of the deployment named by `prefix`. */
export const resolveQueueUrls = async (sqs: SQSClient, prefix: string): Promise<QueueUrls> => {
  const urlOf = async (name: string): Promise<string> => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new SluiceError(`queue ${name} has no URL`, { context: { queue: name } });
    return QueueUrl;
  };
  const entries = await Promise.all(
    STAGES.map(async (stage) => {
      const [url, deadLetterUrl] = await Promise.all([
        urlOf(queueName(prefix, stage)),
        urlOf(deadLetterQueueName(prefix, stage)),
      ]);
      return [stage, { url, deadLetterUrl }] as const;
    }),
  );
  return Object.fromEntries(entries) as QueueUrls;
};

// SendMessageBatch takes at most 10 entries.
const SEND_BATCH_SIZE = 10;

/** Sends every body, ten per request; throws if SQS refuses any of them, so the caller's message is retried. */
export const sendMessages = async (
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly unknown[],
): Promise<void> => {
  for (let start = 0; start < bodies.length; start += SEND_BATCH_SIZE) {
    const chunk = bodies.slice(start, start + SEND_BATCH_SIZE);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((body, index) => ({ Id: String(index), MessageBody: JSON.stringify(body) })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) {
      const reasons = result.Failed.map((failure) => `${failure.Code}: ${failure.Message}`).join('; ');
      throw new SluiceError(`SQS refused ${result.Failed.length} of ${chunk.length} messages: ${reasons}`, {
        context: { queueUrl },
      });
    }
  }
};

export const sendMessage = (sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> =>
  sendMessages(sqs, queueUrl, [body]);
