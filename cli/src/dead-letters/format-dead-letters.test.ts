import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDeadLetterListings,
  formatPurgeRefusal,
  formatPurgeResults,
  formatReplayResults,
} from './format-dead-letters.ts';
import type { DeadLetterListing, DeadLetterRow } from './types.ts';

const empty = { waiting: 0, inFlight: 0, delayed: 0 };
const url = (name: string) => `http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/${name}`;

const row = (overrides: Partial<DeadLetterRow> = {}): DeadLetterRow => ({
  messageId: 'm-1',
  stage: 'load',
  reason: 'LoadError: Deadlock found when trying to get lock',
  reasonSource: 'sluice',
  attempts: 5,
  runId: '20261125T151841Z-9ecc3a',
  pipeline: 'rickandmorty',
  type: 'page.transformed',
  resource: 'character',
  page: 7,
  failedAt: '2026-11-25T15:20:00.000Z',
  ageSeconds: 125,
  receiveCount: 2,
  body: '{}',
  ...overrides,
});

describe('Function: formatDeadLetterListings()', () => {
  it('prints a table per DLQ with age, stage, run, pipeline, type, page, attempts and reason', () => {
    // Prepare
    const listings: DeadLetterListing[] = [
      { stage: 'extract', queueUrl: url('sluice-extract-dlq'), deadLetter: empty, messages: [], unlisted: 0 },
      {
        stage: 'load',
        queueUrl: url('sluice-load-dlq'),
        deadLetter: { ...empty, waiting: 2 },
        messages: [
          row(),
          row({
            reason: 'redriven by SQS after 5 receives',
            attempts: null,
            runId: null,
            pipeline: null,
            type: null,
            resource: null,
            page: null,
            ageSeconds: 3 * 86_400,
          }),
        ],
        unlisted: 0,
      },
    ];

    // Act
    const text = formatDeadLetterListings(listings);

    // Assess
    expect(text).toContain('extract DLQ sluice-extract-dlq: 0 waiting, 0 in flight\n  (empty)');
    expect(text).toContain('load DLQ sluice-load-dlq: 2 waiting, 0 in flight');
    expect(text).toMatch(/age\s+stage\s+run\s+pipeline\s+type\s+page\s+attempts\s+reason/);
    expect(text).toMatch(
      /2m\s+load\s+20261125T151841Z-9ecc3a\s+rickandmorty\s+page\.transformed\s+character\/7\s+5\s+LoadError: Deadlock/,
    );
    expect(text).toMatch(/3d\s+load\s+-\s+-\s+-\s+-\s+-\s+redriven by SQS after 5 receives/);
  });

  it('says how many messages the depth counts but the listing does not show, and keeps a long reason whole, on one line', () => {
    const listing: DeadLetterListing = {
      stage: 'transform',
      queueUrl: url('sluice-transform-dlq'),
      deadLetter: { waiting: 1, inFlight: 3, delayed: 0 },
      messages: [
        row({ stage: 'transform', reason: `ContractError: bad\n${'x'.repeat(300)} check BOOKS_API_TOKEN` }),
      ],
      unlisted: 3,
    };

    const text = formatDeadLetterListings([listing]);

    expect(text).toContain('1 waiting, 3 in flight');
    expect(text).toContain('… and 3 not listed');
    expect(text).toContain('the depth is exact, the listing best effort');
    expect(text).toContain(`ContractError: bad ${'x'.repeat(300)} check BOOKS_API_TOKEN\n`);
  });
});

describe('Function: formatAge()', () => {
  it('rounds down to the largest whole unit', () => {
    expect([0, 59, 60, 3599, 3600, 86_399, 86_400, null].map(formatAge)).toEqual([
      '0s',
      '59s',
      '1m',
      '59m',
      '1h',
      '23h',
      '1d',
      '-',
    ]);
  });
});

describe('Function: formatReplayResults()', () => {
  it('says per stage how many moved, how, and how many are left', () => {
    const text = formatReplayResults(
      [
        { stage: 'transform', method: 'by-hand', moved: 2, left: 1 },
        { stage: 'load', method: 'move-task', moved: 1, left: 0, problem: 'move task FAILED: denied' },
      ],
      '20261125T151841Z-9ecc3a',
    );

    expect(text).toBe(
      [
        'transform: moved 2 messages of run 20261125T151841Z-9ecc3a back to the transform queue (received, sent, deleted); 1 left in the DLQ',
        'load: moved 1 message of run 20261125T151841Z-9ecc3a back to the load queue (SQS move task); 0 left in the DLQ (move task FAILED: denied)',
      ].join('\n'),
    );
  });
});

describe('Function: formatPurgeRefusal()', () => {
  it('names each DLQ and how many messages a purge would delete', () => {
    const text = formatPurgeRefusal([
      { stage: 'extract', queueUrl: url('sluice-extract-dlq'), purged: 3 },
      { stage: 'load', queueUrl: url('sluice-load-dlq'), purged: 1 },
    ]);

    expect(text).toContain('Not purging without --yes');
    expect(text).toContain('extract DLQ sluice-extract-dlq: 3 messages');
    expect(text).toContain('load DLQ sluice-load-dlq: 1 message\n');
    expect(text).toContain('rerun with --yes');
  });
});

describe('Function: formatPurgeResults()', () => {
  it('says what each purge removed', () => {
    expect(formatPurgeResults([{ stage: 'load', queueUrl: url('sluice-load-dlq'), purged: 4 }])).toBe(
      'Purged the load DLQ sluice-load-dlq: 4 messages',
    );
  });
});
