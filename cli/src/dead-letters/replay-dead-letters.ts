import type { Stage } from '@sluice/contracts';
import { readQueueDepths } from '../queue-depths.ts';
import { readMessageEnvelope } from './describe-dead-letter.ts';
import { moveMessagesByHand } from './move-messages-by-hand.ts';
import { type MoveTaskOptions, readQueueArn, runMoveTask } from './move-task.ts';
import type { DeadLetterDeps, ReplayResult } from './types.ts';

export interface ReplayOptions {
  stages: readonly Stage[];
  /** Only this run's messages; the others stay in the DLQ. */
  runId?: string;
  /** Let SQS move them when there is no run filter (where the endpoint can); by hand otherwise. */
  useMoveTask?: boolean;
  moveTask?: MoveTaskOptions;
}

const leftIn = async (deps: DeadLetterDeps, stage: Stage): Promise<number> => {
  const { deadLetter } = (await readQueueDepths(deps.sqs, deps.queues))[stage];
  return deadLetter.waiting + deadLetter.inFlight + deadLetter.delayed;
};

/**
 * Moves a stage's dead letters back to its queue. Without a run filter SQS does it with a move task; with
 * one, or where the endpoint has no move tasks (moto), Sluice receives, sends and deletes them itself.
 */
const replayStage = async (
  deps: DeadLetterDeps,
  stage: Stage,
  options: ReplayOptions,
): Promise<ReplayResult> => {
  const { url, deadLetterUrl } = deps.queues[stage];
  if (options.runId === undefined && options.useMoveTask !== false) {
    const [sourceArn, destinationArn] = await Promise.all([
      readQueueArn(deps.sqs, deadLetterUrl),
      readQueueArn(deps.sqs, url),
    ]);
    const outcome = await runMoveTask(deps.sqs, { sourceArn, destinationArn }, options.moveTask);
    if (outcome) {
      const problem =
        outcome.status === 'COMPLETED'
          ? {}
          : {
              problem: `move task ${outcome.status}${outcome.failureReason ? `: ${outcome.failureReason}` : ''}`,
            };
      return {
        stage,
        method: 'move-task',
        moved: outcome.moved,
        left: await leftIn(deps, stage),
        ...problem,
      };
    }
  }
  const runId = options.runId;
  const { moved } = await moveMessagesByHand(deps.sqs, {
    sourceUrl: deadLetterUrl,
    destinationUrl: url,
    limit: (await readQueueDepths(deps.sqs, deps.queues))[stage].deadLetter.waiting,
    matches: (message) => runId === undefined || readMessageEnvelope(message.Body ?? '').runId === runId,
  });
  return { stage, method: 'by-hand', moved, left: await leftIn(deps, stage) };
};

/** Moves dead letters back to their stage's queue, one stage after the other; returns what moved per stage. */
export const replayDeadLetters = async (
  deps: DeadLetterDeps,
  options: ReplayOptions,
): Promise<ReplayResult[]> => {
  const results: ReplayResult[] = [];
  for (const stage of options.stages) results.push(await replayStage(deps, stage, options));
  return results;
};
