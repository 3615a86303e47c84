import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import type { Stage } from '@sluice/contracts';
import { type QueueDepth, readQueueDepths } from '../queue-depths.ts';
import type { DeadLetterDeps, PurgeResult } from './types.ts';

const totalOf = (depth: QueueDepth): number => depth.waiting + depth.inFlight + depth.delayed;

/** What a purge of these stages' DLQs would remove: each DLQ and its depth now. */
export const planPurge = async (deps: DeadLetterDeps, stages: readonly Stage[]): Promise<PurgeResult[]> => {
  const depths = await readQueueDepths(deps.sqs, deps.queues);
  return stages.map((stage) => ({
    stage,
    queueUrl: deps.queues[stage].deadLetterUrl,
    purged: totalOf(depths[stage].deadLetter),
  }));
};

/**
 * Deletes every message of these stages' DLQs, in flight ones included, and returns how many each held
 * just before. SQS allows one purge per queue every 60 seconds and may take that long to finish one.
 */
export const purgeDeadLetters = async (
  deps: DeadLetterDeps,
  stages: readonly Stage[],
): Promise<PurgeResult[]> => {
  const plan = await planPurge(deps, stages);
  for (const { queueUrl } of plan) await deps.sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  return plan;
};
