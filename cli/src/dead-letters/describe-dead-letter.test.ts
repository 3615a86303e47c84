import type { Message } from '@aws-sdk/client-sqs';
import { DEAD_LETTER_ATTRIBUTES } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import { describeDeadLetter, readMessageEnvelope } from './describe-dead-letter.ts';

const now = new Date('2026-11-25T16:00:00.000Z');
const runId = '20261125T151841Z-9ecc3a';
const text = (value: string) => ({ DataType: 'String', StringValue: value });

const pageStaged = {
  version: 1,
  runId,
  pipeline: 'rickandmorty',
  type: 'page.staged',
  resource: 'character',
  page: 3,
  pagesTotal: 42,
  rawKey: 'raw/rickandmorty/character/20261125T151841Z-9ecc3a/000003.json',
  stagedAt: '2026-11-25T15:18:45.000Z',
};

/** A message as a Sluice poller dead-letters it, received with every attribute. */
const deadLettered = (overrides: Partial<Message> = {}): Message => ({
  MessageId: 'm-1',
  ReceiptHandle: 'r-1',
  Body: JSON.stringify(pageStaged),
  Attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.parse('2026-11-25T15:19:00.000Z')) },
  MessageAttributes: {
    [DEAD_LETTER_ATTRIBUTES.reason]: text(
      'StagedObjectMissingError: s3://sluice-staging/raw/… does not exist',
    ),
    [DEAD_LETTER_ATTRIBUTES.stage]: text('transform'),
    [DEAD_LETTER_ATTRIBUTES.failedAt]: text('2026-11-25T15:20:00.000Z'),
    [DEAD_LETTER_ATTRIBUTES.attempts]: { DataType: 'Number', StringValue: '1' },
  },
  ...overrides,
});

describe('Function: describeDeadLetter()', () => {
  it('reads the reason, stage, attempts and failure time a poller attached, and the run from the body', () => {
    // Act
    const row = describeDeadLetter(deadLettered(), { stage: 'transform', now });

    // Assess
    expect(row).toEqual({
      messageId: 'm-1',
      stage: 'transform',
      reason: 'StagedObjectMissingError: s3://sluice-staging/raw/… does not exist',
      reasonSource: 'sluice',
      attempts: 1,
      runId,
      pipeline: 'rickandmorty',
      type: 'page.staged',
      resource: 'character',
      page: 3,
      failedAt: '2026-11-25T15:20:00.000Z',
      ageSeconds: 40 * 60,
      receiveCount: 1,
      body: JSON.stringify(pageStaged),
    });
  });

  it('says SQS redrove a message without our attributes, after how many receives, aged from when it was sent', () => {
    // Prepare: SQS moved it after 5 receives; this listing is the 6th.
    const message = deadLettered({
      MessageAttributes: {},
      Attributes: {
        ApproximateReceiveCount: '6',
        SentTimestamp: String(Date.parse('2026-11-25T13:00:00.000Z')),
        DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:sluice-load',
      },
    });

    // Act
    const row = describeDeadLetter(message, { stage: 'load', now });

    // Assess
    expect(row).toMatchObject({
      stage: 'load',
      reason: 'redriven by SQS after 5 receives',
      reasonSource: 'sqs-redrive',
      attempts: null,
      failedAt: '2026-11-25T13:00:00.000Z',
      ageSeconds: 3 * 3600,
    });
  });

  it('recognises a redrive by its receive count where SQS gives no source ARN (moto)', () => {
    const message = deadLettered({ MessageAttributes: {}, Attributes: { ApproximateReceiveCount: '6' } });

    const row = describeDeadLetter(message, { stage: 'load', now, maxReceiveCount: 5 });

    expect(row).toMatchObject({
      reason: 'redriven by SQS after 5 receives',
      failedAt: null,
      ageSeconds: null,
    });
  });

  it('says no reason was recorded for a message nobody explained, and keeps a body that is not JSON', () => {
    const message = deadLettered({ Body: 'not json at all', MessageAttributes: undefined });

    const row = describeDeadLetter(message, { stage: 'extract', now });

    expect(row).toMatchObject({
      stage: 'extract',
      reason: 'no reason recorded',
      reasonSource: 'none',
      runId: null,
      pipeline: null,
      type: null,
      body: 'not json at all',
    });
  });
});

describe('Function: readMessageEnvelope()', () => {
  it('reads what a body that breaks its contract still says, ignoring fields of the wrong type', () => {
    expect(readMessageEnvelope('{"version":7,"runId":"x","type":"page.transformed","page":"3"}')).toEqual({
      runId: 'x',
      pipeline: null,
      type: 'page.transformed',
      resource: null,
      page: null,
    });
    expect(readMessageEnvelope('[1,2]').runId).toBeNull();
  });
});
