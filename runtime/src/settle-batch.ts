import { describeError } from './errors.ts';
import { backoffSeconds, type FailureContext, settleFailedMessage } from './failure-policy.ts';

/** A message as SQS handed it over, to either face. */
export interface ReceivedMessage {
  messageId: string | undefined;
  body: string;
  /** How many times SQS has handed it out, this time included. */
  attempts: number;
}

/** One result per message, in order: what to log when it is done, or why it failed. */
export type BatchResults = PromiseSettledResult<Record<string, unknown>>[];

/** A stage's work on a whole batch: parses and handles every message, settles one result each. */
export type BatchHandler = (messages: readonly ReceivedMessage[]) => Promise<BatchResults>;

/** What a face does with a message: delete it (handled, or dead-lettered), or give it back for later. */
export type Settlement = { outcome: 'done' } | { outcome: 'retry'; delaySeconds: number };

export interface SettleOptions {
  failures: FailureContext;
  /** The delay before a failed message's first retry, doubled at each attempt. */
  retryBaseSeconds?: number;
}

const noResult = (): PromiseRejectedResult => ({
  status: 'rejected',
  reason: new Error('the batch settled no result for this message'),
});

/**
 * The one message path both faces share: the batch goes to the stage's handler whole, each message is
 * logged, and each failure goes through the one failure policy, which dead-letters it (with its reason,
 * and a report to its run) when retrying cannot help or its attempts are spent. A DLQ that cannot be
 * reached leaves the message to be retried, like any retryable failure.
 */
export const settleBatch = async (
  messages: readonly ReceivedMessage[],
  handleBatch: BatchHandler,
  options: SettleOptions,
): Promise<Settlement[]> => {
  const { failures } = options;
  const started = performance.now();
  const results = await handleBatch(messages).catch((error: unknown) =>
    messages.map((): PromiseRejectedResult => ({ status: 'rejected', reason: error })),
  );
  const ms = Math.round(performance.now() - started);
  return Promise.all(
    messages.map(async (message, index): Promise<Settlement> => {
      const result = results[index] ?? noResult();
      if (result.status === 'fulfilled') {
        failures.log.info(
          { stage: failures.stage, messageId: message.messageId, ms, ...result.value },
          'handled',
        );
        return { outcome: 'done' };
      }
      const settled = await settleFailedMessage(result.reason, message, failures).catch((dlqError) => {
        failures.log.error(
          { stage: failures.stage, messageId: message.messageId, reason: describeError(dlqError) },
          'could not dead-letter',
        );
        return 'retry' as const;
      });
      return settled === 'retry'
        ? { outcome: 'retry', delaySeconds: backoffSeconds(message.attempts, options.retryBaseSeconds) }
        : { outcome: 'done' };
    }),
  );
};
