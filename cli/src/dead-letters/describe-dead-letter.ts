import type { Message } from '@aws-sdk/client-sqs';
import { messagesOfBundle, type Stage } from '@sluice/contracts';
import { DEAD_LETTER_ATTRIBUTES, MAX_RECEIVE_COUNT } from '@sluice/runtime';
import type { DeadLetterRow } from './types.ts';

const attributeOf = (message: Message, name: string): string | undefined =>
  message.MessageAttributes?.[name]?.StringValue;

const numberOr = (value: string | undefined, fallback: number | null): number | null => {
  const parsed = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
};

const timeOf = (value: string | undefined): number | null => {
  if (value === undefined) return null;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(time) ? time : null;
};

/**
 * What a message body says about itself, read leniently rather than with the contract's schema: a message
 * is often in a DLQ because it breaks its contract, and whatever it does say is what the operator needs.
 */
export const readMessageEnvelope = (body: string) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  // A bundle (several messages sent as one) is described by its first message.
  const first = messagesOfBundle(parsed)?.[0] ?? parsed;
  const fields = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : null);
  return {
    runId: text('runId'),
    pipeline: text('pipeline'),
    type: text('type'),
    resource: text('resource'),
    page: typeof fields.page === 'number' ? fields.page : null,
  };
};

/**
 * Why the message is here. A Sluice poller says so in `sluice-error`. Without it, SQS moved the message
 * itself after maxReceiveCount receives (the process handling it died or overran its visibility
 * timeout): SQS marks such messages with DeadLetterQueueSourceArn where it supports that attribute, and
 * its receive count shows it anyway. Every receive counts, the one that read this message included, and
 * so do earlier listings: the count is an upper bound.
 */
const reasonOf = (message: Message, receiveCount: number | null, maxReceiveCount: number) => {
  const recorded = attributeOf(message, DEAD_LETTER_ATTRIBUTES.reason);
  if (recorded !== undefined) return { reason: recorded, reasonSource: 'sluice' as const };
  const receivesBefore = receiveCount === null ? null : receiveCount - 1;
  const redrivenBySqs =
    message.Attributes?.DeadLetterQueueSourceArn !== undefined ||
    (receivesBefore !== null && receivesBefore >= maxReceiveCount);
  if (!redrivenBySqs) return { reason: 'no reason recorded', reasonSource: 'none' as const };
  const after = receivesBefore === null ? '' : ` after ${receivesBefore} receives`;
  return { reason: `redriven by SQS${after}`, reasonSource: 'sqs-redrive' as const };
};

/**
 * One dead-lettered message as a row: why it failed, where, which run it belongs to, and how long ago.
 * `message` must have been received with all message attributes and system attributes.
 */
export const describeDeadLetter = (
  message: Message,
  context: { stage: Stage; now: Date; maxReceiveCount?: number },
): DeadLetterRow => {
  const receiveCount = numberOr(message.Attributes?.ApproximateReceiveCount, null);
  const failedAt =
    timeOf(attributeOf(message, DEAD_LETTER_ATTRIBUTES.failedAt)) ??
    timeOf(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId ?? '',
    stage: attributeOf(message, DEAD_LETTER_ATTRIBUTES.stage) ?? context.stage,
    ...reasonOf(message, receiveCount, context.maxReceiveCount ?? MAX_RECEIVE_COUNT),
    attempts: numberOr(attributeOf(message, DEAD_LETTER_ATTRIBUTES.attempts), null),
    ...readMessageEnvelope(message.Body ?? ''),
    failedAt: failedAt === null ? null : new Date(failedAt).toISOString(),
    ageSeconds: failedAt === null ? null : Math.max(0, Math.floor((context.now.getTime() - failedAt) / 1000)),
    receiveCount,
    body: message.Body ?? '',
  };
};
