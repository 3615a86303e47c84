import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { STAGES, type Stage } from '@sluice/contracts';
import type { QueueUrls } from '@sluice/runtime';

export interface QueueDepth {
  waiting: number;
  inFlight: number;
  delayed: number;
}
export type QueueDepths = Record<Stage, { queue: QueueDepth; deadLetter: QueueDepth }>;

const depthOf = async (sqs: SQSClient, url: string): Promise<QueueDepth> => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
};

export const readQueueDepths = async (sqs: SQSClient, queues: QueueUrls): Promise<QueueDepths> => {
  const entries = await Promise.all(
    STAGES.map(async (stage) => {
      const [queue, deadLetter] = await Promise.all([
        depthOf(sqs, queues[stage].url),
        depthOf(sqs, queues[stage].deadLetterUrl),
      ]);
      return [stage, { queue, deadLetter }] as const;
    }),
  );
  return Object.fromEntries(entries) as QueueDepths;
};

const total = (depth: QueueDepth): number => depth.waiting + depth.inFlight + depth.delayed;

/** No message waiting, in flight or delayed on any stage's queue: nothing more will happen by itself. */
export const pipelineIsIdle = (depths: QueueDepths): boolean =>
  STAGES.every((stage) => total(depths[stage].queue) === 0);

export const deadLetterTotal = (depths: QueueDepths): number =>
  STAGES.reduce((sum, stage) => sum + total(depths[stage].deadLetter), 0);
