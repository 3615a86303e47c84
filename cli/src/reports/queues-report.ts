import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueUrls } from '@sluice/runtime';
import { type QueueDepths, readQueueDepths } from '../queue-depths.ts';

/**
 * What `sluice queues --json` prints and the console's `/api/queues` serves: each stage's queue and DLQ
 * depths, under the key `status` gives them, so that a field can join them without taking a stage's place.
 */
export interface QueuesReport {
  queues: QueueDepths;
}

export const readQueuesReport = async (sqs: SQSClient, queues: QueueUrls): Promise<QueuesReport> => ({
  queues: await readQueueDepths(sqs, queues),
});
