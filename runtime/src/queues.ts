import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterQueueName, queueName, STAGES, type Stage } from '@sluice/contracts';
import { SluiceError } from './errors.ts';

export interface StageQueues {
  url: string;
  deadLetterUrl: string;
}
export type QueueUrls = Record<Stage, StageQueues>;

/** The environment variables that give a stage's queue URLs directly (set by the CDK stack in AWS). */
export const QUEUE_URL_VARIABLES = {
  extract: { url: 'EXTRACT_QUEUE_URL', deadLetterUrl: 'EXTRACT_DLQ_URL' },
  transform: { url: 'TRANSFORM_QUEUE_URL', deadLetterUrl: 'TRANSFORM_DLQ_URL' },
  load: { url: 'LOAD_QUEUE_URL', deadLetterUrl: 'LOAD_DLQ_URL' },
} as const;

/**
 * The URLs of the given stages' queues and DLQs: from the environment where it gives them, otherwise
 * looked up by the names the deployment's prefix gives them. A process asks only for the stages it uses,
 * so in AWS it needs no permission on the others.
 */
export const resolveQueueUrls = async <S extends Stage>(
  sqs: SQSClient,
  prefix: string,
  stages: readonly S[] = STAGES as readonly Stage[] as readonly S[],
  known: Partial<Record<string, unknown>> = {},
): Promise<Record<S, StageQueues>> => {
  const urlOf = async (variable: string, name: string): Promise<string> => {
    const given = known[variable];
    if (typeof given === 'string' && given !== '') return given;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (!QueueUrl) throw new SluiceError(`queue ${name} has no URL`, { context: { queue: name } });
    return QueueUrl;
  };
  const entries = await Promise.all(
    stages.map(async (stage) => {
      const variables = QUEUE_URL_VARIABLES[stage];
      const [url, deadLetterUrl] = await Promise.all([
        urlOf(variables.url, queueName(prefix, stage)),
        urlOf(variables.deadLetterUrl, deadLetterQueueName(prefix, stage)),
      ]);
      return [stage, { url, deadLetterUrl }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<S, StageQueues>;
};

// SendMessageBatch takes at most 10 entries.
export const SEND_BATCH_SIZE = 10;

/** Sends every body, ten per request; throws if SQS refuses any of them, so the caller's message is retried. */
// Batches in flight at once: a 5,000-page fan-out is 500 batches, sent 8 at a time instead of one by one.
const SEND_PARALLELISM = 8;

export const sendMessages = async (
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly unknown[],
): Promise<void> => {
  const chunks: unknown[][] = [];
  for (let start = 0; start < bodies.length; start += SEND_BATCH_SIZE) {
    chunks.push(bodies.slice(start, start + SEND_BATCH_SIZE));
  }
  const sendChunk = async (chunk: unknown[]) => {
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
  };
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await sendChunk(chunks[next++] as unknown[]);
  };
  await Promise.all(Array.from({ length: Math.min(SEND_PARALLELISM, chunks.length) }, worker));
};

export const sendMessage = (sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> =>
  sendMessages(sqs, queueUrl, [body]);
