import { STAGES, type Stage } from '@sluice/contracts';
import { readQueueDepths } from '../queue-depths.ts';
import { describeDeadLetter } from './describe-dead-letter.ts';
import { sweepQueue } from './sweep-queue.ts';
import type { DeadLetterDeps, DeadLetterListing, DeadLetterRow } from './types.ts';

/** At most this many messages are listed per DLQ: a listing is for reading, and each ten cost a request. */
export const PEEK_LIMIT = 1000;
// Listing a thousand messages takes a hundred receives, a few seconds; the listed messages come back at
// once when it ends, or after this long if the process dies.
const PEEK_HIDE_SECONDS = 60;

export interface PeekOptions {
  stages?: readonly Stage[];
  limit?: number;
  clock?: { now: () => Date };
}

/**
 * Each DLQ's depth and, without consuming them, its messages described as rows. The depth is exact; the
 * listing is best effort: at most `limit` messages, none of those in flight, and on a very deep queue SQS
 * may not hand out every message.
 */
export const peekDeadLetters = async (
  deps: DeadLetterDeps,
  options: PeekOptions = {},
): Promise<DeadLetterListing[]> => {
  const clock = options.clock ?? { now: () => new Date() };
  const depths = await readQueueDepths(deps.sqs, deps.queues);
  return Promise.all(
    (options.stages ?? STAGES).map(async (stage) => {
      const queueUrl = deps.queues[stage].deadLetterUrl;
      const { deadLetter } = depths[stage];
      const messages: DeadLetterRow[] = [];
      await sweepQueue(
        deps.sqs,
        queueUrl,
        { limit: Math.min(options.limit ?? PEEK_LIMIT, deadLetter.waiting), hideSeconds: PEEK_HIDE_SECONDS },
        async (batch) => {
          messages.push(...batch.map((message) => describeDeadLetter(message, { stage, now: clock.now() })));
          return batch; // leaves every message on the queue
        },
      );
      messages.sort((a, b) => (a.failedAt ?? '').localeCompare(b.failedAt ?? ''));
      const total = deadLetter.waiting + deadLetter.inFlight + deadLetter.delayed;
      return { stage, queueUrl, deadLetter, messages, unlisted: Math.max(0, total - messages.length) };
    }),
  );
};
