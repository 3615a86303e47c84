import { describeError } from './errors.ts';
import { backoffSeconds, type FailureContext, settleFailedMessage } from './failure-policy.ts';
import { requeueAlone, unbundle } from './message-bundles.ts';
import { retryLater } from './release-messages.ts';
import {
  type MessageLogFields,
  type OpenMessage,
  openMessage,
  quietTelemetry,
  type StageTelemetry,
} from './telemetry/message-telemetry.ts';
import type { MessageTrace } from './telemetry/message-trace.ts';
import { type BatchMetrics, createBatchMetrics, type MessageMetrics } from './telemetry/metrics.ts';
import { fieldsOfSpan } from './telemetry/trace-fields.ts';

/** A message as SQS handed it over, to either face. */
export interface ReceivedMessage {
  messageId: string | undefined;
  /** What gives the message back to its queue for a retry; none, it cannot be given back early. */
  receiptHandle?: string | undefined;
  body: string;
  /** How many times SQS has handed it out, this time included. */
  attempts: number;
  /** The span it is handled in: set by settleBatch, tied to the parsed message by batchHandlerOf. */
  trace?: MessageTrace | undefined;
  /** It came in a bundle (message-bundles.ts): to be retried, it is sent back alone. */
  inBundle?: true;
}

/** A message handled: what to log, and what it adds to the stage's metrics. */
export type HandledResult = PromiseFulfilledResult<Record<string, unknown>> & { metrics?: MessageMetrics };

/** One result per message, in order: what to log when it is done, or why it failed. */
export type BatchResults = (HandledResult | PromiseRejectedResult)[];

/** A stage's work on a whole batch: parses and handles every message, settles one result each. */
export type BatchHandler = (messages: readonly ReceivedMessage[]) => Promise<BatchResults>;

/** What a face does with a message: delete it (handled, or dead-lettered), or leave it to come back. */
export type Settlement = { outcome: 'done' } | { outcome: 'retry'; delaySeconds: number };

export interface SettleOptions {
  failures: FailureContext;
  /** The delay before a failed message's first retry, doubled at each attempt. */
  retryBaseSeconds?: number;
  /** Spans and metrics; without, spans have ids only and no metrics are written. */
  telemetry?: StageTelemetry;
  /** The Lambda invocation's request id, on every line of its messages. */
  requestId?: string;
}

/**
 * Messages handed to the stage at once. A receive of ten bundles holds 250 messages; taken 50 at a time,
 * what a stage holds in memory (pages fetched, rows made) is bounded whatever the bundles hold, and each
 * slice still shares its requests (one staged object, one transaction, one send of what it asks for).
 */
export const MESSAGES_HANDLED_AT_ONCE = 50;

const noResult = (): PromiseRejectedResult => ({
  status: 'rejected',
  reason: new Error('the batch settled no result for this message'),
});

/** A result's fields for its log line, without those the line's context already gives. */
const withoutContext = (value: Record<string, unknown>, fields: MessageLogFields) =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !(key in fields)));

/**
 * The one message path both faces share. A bundle is taken apart first (message-bundles.ts), so that
 * everything after sees the messages inside, one by one; they are handled MESSAGES_HANDLED_AT_ONCE at a
 * time (settleSlice). Settles each received message: done when everything it held is done, else to be
 * retried.
 */
export const settleBatch = async (
  messages: readonly ReceivedMessage[],
  handleBatch: BatchHandler,
  options: SettleOptions,
): Promise<Settlement[]> => {
  const held = messages.map((message) => unbundle(message) ?? [message]);
  const all = held.flat();
  const settled: Settlement[] = [];
  for (let start = 0; start < all.length; start += MESSAGES_HANDLED_AT_ONCE) {
    const slice = all.slice(start, start + MESSAGES_HANDLED_AT_ONCE);
    settled.push(...(await settleSlice(slice, handleBatch, options)));
  }
  const firsts = held.map((_, index) => held.slice(0, index).reduce((sum, part) => sum + part.length, 0));
  return Promise.all(
    messages.map(async (message, index) => {
      const own = settled.slice(firsts[index], (firsts[index] ?? 0) + (held[index]?.length ?? 0));
      const retries = own.flatMap((settlement) => (settlement.outcome === 'retry' ? [settlement] : []));
      if (retries.length === 0) return { outcome: 'done' as const };
      if (own.length === 1 && own[0]?.outcome === 'retry' && !held[index]?.[0]?.inBundle) return own[0];
      // A message of the bundle could not be sent back alone: the bundle comes back whole, after the
      // longest of their backoffs (what was done in it is done again, without effect: see the loader).
      const delaySeconds = Math.max(...retries.map((retry) => retry.delaySeconds));
      if (message.receiptHandle !== undefined) {
        const { sqs, queueUrl, log } = options.failures;
        await retryLater(sqs, queueUrl, message, delaySeconds, log.child({ messageId: message.messageId }));
      }
      return { outcome: 'retry' as const, delaySeconds };
    }),
  );
};

/**
 * Each message is opened for telemetry (its span, and the context of every log line about it, from here
 * only), the slice goes to the stage's handler whole, and each message is settled: logged, or failed
 * through the one failure policy, which dead-letters it (with its reason, and a report to its run) when
 * retrying cannot help or its attempts are spent, else gives it back with its backoff. A DLQ that cannot
 * be reached leaves the message to be retried, like any retryable failure. The slice's metrics are
 * written once it is settled.
 */
const settleSlice = async (
  messages: readonly ReceivedMessage[],
  handleBatch: BatchHandler,
  options: SettleOptions,
): Promise<Settlement[]> => {
  const { failures, requestId } = options;
  const telemetry = options.telemetry ?? quietTelemetry;
  const opened = messages.map((message) =>
    openMessage(failures.stage, message, failures.log, telemetry, requestId),
  );
  const started = performance.now();
  const traced = messages.map((message, index) => ({ ...message, trace: opened[index]?.trace }));
  const results = await handleBatch(traced).catch((error: unknown) =>
    messages.map((): PromiseRejectedResult => ({ status: 'rejected', reason: error })),
  );
  const ms = Math.round(performance.now() - started);
  const metrics = createBatchMetrics(telemetry.metrics);
  const settlements = await Promise.all(
    messages.map((message, index) =>
      settleMessage(message, opened[index] as OpenMessage, results[index] ?? noResult(), {
        ...options,
        ms,
        metrics,
      }),
    ),
  );
  metrics.flush(Math.round(performance.now() - started));
  return settlements;
};

const settleMessage = async (
  message: ReceivedMessage,
  open: OpenMessage,
  result: BatchResults[number],
  options: SettleOptions & { ms: number; metrics: BatchMetrics },
): Promise<Settlement> => {
  const { pipeline } = open.envelope;
  if (result.status === 'fulfilled') {
    open.log.info({ ms: options.ms, ...withoutContext(result.value, open.fields) }, 'handled');
    options.metrics.add(pipeline, { MessagesHandled: 1, ...result.metrics });
    open.end('handled');
    return { outcome: 'done' };
  }
  const failures = { ...options.failures, log: open.log };
  const reason = describeError(result.reason);
  const failed = { ...message, trace: fieldsOfSpan(open.trace.span) };
  const settled = await settleFailedMessage(result.reason, failed, failures).catch((dlqError: unknown) => {
    open.log.error({ reason: describeError(dlqError) }, 'could not dead-letter');
    return 'retry' as const;
  });
  if (settled === 'dead-lettered') {
    options.metrics.add(pipeline, { PagesDeadLettered: 1 });
    open.end('dead-lettered', reason);
    return { outcome: 'done' };
  }
  const delaySeconds = backoffSeconds(message.attempts, options.retryBaseSeconds);
  if (message.inBundle) {
    const alone = await requeueAlone(failures.sqs, failures.queueUrl, message, delaySeconds, open.log);
    open.end('retry', reason);
    return alone ? { outcome: 'done' } : { outcome: 'retry', delaySeconds };
  }
  if (message.receiptHandle !== undefined) {
    await retryLater(failures.sqs, failures.queueUrl, message, delaySeconds, open.log);
  }
  open.end('retry', reason);
  return { outcome: 'retry', delaySeconds };
};
