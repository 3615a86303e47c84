import type { SQSClient } from '@aws-sdk/client-sqs';
import { STAGES, type Stage } from '@sluice/contracts';
import type { QueueUrls } from '@sluice/runtime';
import { readMessageEnvelope } from '../dead-letters/describe-dead-letter.ts';
import { sweepQueue } from '../dead-letters/sweep-queue.ts';
import { readQueueDepths } from '../queue-depths.ts';

/** Messages looked at, at most: enough to name the runs they belong to, ten receives. */
export const EARLIER_PEEK_LIMIT = 100;
// The sweep shows them again as soon as it ends; this long only if the CLI dies in the middle.
const PEEK_HIDE_SECONDS = 30;

/** What waits in the stages' queues before a run is requested: messages of earlier runs. */
export interface EarlierMessages {
  /** Waiting, in flight and delayed, per stage, as SQS counts them. */
  byStage: Record<Stage, number>;
  total: number;
  /** The runs of the messages looked at, most messages first. */
  runs: { runId: string; pipeline: string | null; messages: number }[];
  looked: number;
}

/**
 * Counts the messages in the stages' queues and, without consuming them, reads up to `limit` of them to
 * tell which runs they belong to.
 */
export const peekEarlierMessages = async (
  deps: { sqs: SQSClient; queues: QueueUrls },
  limit = EARLIER_PEEK_LIMIT,
): Promise<EarlierMessages> => {
  const depths = await readQueueDepths(deps.sqs, deps.queues);
  const byStage = Object.fromEntries(
    STAGES.map((stage) => {
      const { waiting, inFlight, delayed } = depths[stage].queue;
      return [stage, waiting + inFlight + delayed];
    }),
  ) as Record<Stage, number>;
  const runs = new Map<string, { runId: string; pipeline: string | null; messages: number }>();
  let looked = 0;
  for (const stage of STAGES) {
    const wanted = Math.min(limit - looked, depths[stage].queue.waiting);
    if (wanted <= 0) continue;
    const { seen } = await sweepQueue(
      deps.sqs,
      deps.queues[stage].url,
      { limit: wanted, hideSeconds: PEEK_HIDE_SECONDS },
      async (batch) => {
        for (const message of batch) {
          const { runId, pipeline } = readMessageEnvelope(message.Body ?? '');
          const key = runId ?? 'unknown run';
          const run = runs.get(key) ?? { runId: key, pipeline, messages: 0 };
          run.messages += 1;
          runs.set(key, run);
        }
        return batch; // leaves every message on the queue
      },
    );
    looked += seen;
  }
  const total = STAGES.reduce((sum, stage) => sum + byStage[stage], 0);
  return { byStage, total, runs: [...runs.values()].sort((a, b) => b.messages - a.messages), looked };
};

/** A line for `npm start`: what waits, of which runs, and what becomes of it; null when nothing waits. */
export const formatEarlierMessages = (earlier: EarlierMessages): string | null => {
  if (earlier.total === 0) return null;
  const stages = STAGES.filter((stage) => earlier.byStage[stage] > 0)
    .map((stage) => `${stage} ${earlier.byStage[stage]}`)
    .join(', ');
  const runs = earlier.runs
    .map(({ runId, pipeline, messages }) => `${runId}${pipeline ? ` (${pipeline})` : ''}: ${messages}`)
    .join(', ');
  const sample = earlier.looked < earlier.total ? ` (of the ${earlier.looked} looked at)` : '';
  return (
    `${earlier.total} messages of earlier runs wait in the queues (${stages})` +
    `${runs ? `; runs${sample}: ${runs}` : ''}. The services started now will process them too, beside ` +
    'this run (`npx sluice status <runId>` follows one).'
  );
};
