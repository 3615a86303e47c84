import { peekDeadLetters } from '../dead-letters/peek-dead-letters.ts';
import type { DeadLetterDeps, DeadLetterListing } from '../dead-letters/types.ts';

/**
 * What `sluice dlq list --json` prints and the console's `/api/dlq` serves: each stage's DLQ with its
 * depth and, without consuming them, its messages. An object, not the bare list, so that a field can join
 * it; `dlq replay` and `dlq purge` print their results per DLQ under the same key.
 */
export interface DeadLetterQueuesReport {
  deadLetterQueues: DeadLetterListing[];
}

export const readDeadLetterQueuesReport = async (deps: DeadLetterDeps): Promise<DeadLetterQueuesReport> => ({
  deadLetterQueues: await peekDeadLetters(deps),
});
