import type { Stage } from '@sluice/contracts';
import type { ResourceProgress, RunProgress } from '@sluice/warehouse';
import { describe, expect, it } from 'vitest';
import type { DeadLetterListing, DeadLetterRow } from './dead-letters/types.ts';
import { formatRunDeadLetters, groupRunDeadLetters } from './run-dead-letters.ts';
import { formatRunReconciliation, reconcileRun } from './run-reconciliation.ts';

const RUN = '20261125T151841Z-9ecc3a';
const OTHER_RUN = '20261124T090000Z-000001';

const deadLetter = (fields: Partial<DeadLetterRow>): DeadLetterRow => ({
  messageId: 'm',
  stage: 'extract',
  reason: 'SourceError: answered 500',
  reasonSource: 'sluice',
  attempts: 5,
  runId: RUN,
  pipeline: 'rickandmorty',
  type: 'page.requested',
  resource: 'character',
  page: 1,
  failedAt: '2026-11-25T15:20:00.000Z',
  ageSeconds: 60,
  receiveCount: 1,
  body: '{}',
  ...fields,
});

const listing = (stage: Stage, messages: DeadLetterRow[], unlisted = 0): DeadLetterListing => ({
  stage,
  queueUrl: `http://127.0.0.1:4566/000000000000/sluice-${stage}-dlq`,
  deadLetter: { waiting: messages.length, inFlight: unlisted, delayed: 0 },
  messages,
  unlisted,
});

const resource = (fields: {
  resource: string;
  pages?: Partial<ResourceProgress['pages']>;
  records?: Partial<ResourceProgress['records']>;
}): ResourceProgress => ({
  resource: fields.resource,
  pages: { loaded: 2, skipped: 0, total: 2, ...fields.pages },
  records: { extracted: 40, rejected: 0, loaded: 40, ...fields.records },
  rowsWritten: 40,
});

const progress = (resources: ResourceProgress[]): RunProgress => ({
  runId: RUN,
  pipeline: 'rickandmorty',
  status: 'failed',
  requestedAt: '2026-11-25T15:18:41.000Z',
  finishedAt: '2026-11-25T15:21:00.000Z',
  resources,
  complete: false,
  failures: [],
});

describe('Function: groupRunDeadLetters()', () => {
  it("keeps the run's messages, by stage in flow order and resource, each page once", () => {
    // Prepare
    const listings = [
      listing('load', [deadLetter({ type: 'page.transformed', resource: 'location', page: 2 })]),
      listing('extract', [
        deadLetter({ page: 7 }),
        deadLetter({ page: 3 }),
        deadLetter({ page: 3 }), // replayed and failed again, or redriven twice
        deadLetter({ page: 4, runId: OTHER_RUN }),
        deadLetter({ type: 'run.requested', resource: null, page: null }),
      ]),
      listing('transform', []),
    ];

    // Act
    const grouped = groupRunDeadLetters(listings, RUN);

    // Assess
    expect(grouped.groups).toEqual([
      { stage: 'extract', resource: null, pages: [], messages: 1 },
      { stage: 'extract', resource: 'character', pages: [3, 7], messages: 3 },
      { stage: 'load', resource: 'location', pages: [2], messages: 1 },
    ]);
    expect(formatRunDeadLetters(grouped)).toBe(
      'In DLQs: extract 3 (run request; character p3, p7), load 1 (location p2)',
    );
  });

  it('says when none of the run is dead-lettered, and when the listing could not see everything', () => {
    const grouped = groupRunDeadLetters(
      [listing('extract', [deadLetter({ runId: OTHER_RUN })], 2), listing('load', [])],
      RUN,
    );

    expect(grouped.groups).toEqual([]);
    expect(formatRunDeadLetters(grouped)).toBe(
      'In DLQs: none of this run (and 2 dead letters of any run not listed: in flight or past the limit)',
    );
  });
});

describe('Function: reconcileRun()', () => {
  it('puts pages per stage beside the dead letters, and checks extracted = loaded + rejected', () => {
    // Prepare: a character page failed to extract, a location page failed to load.
    const run = progress([
      resource({ resource: 'location', pages: { loaded: 1 }, records: { extracted: 20, loaded: 20 } }),
      resource({
        resource: 'character',
        pages: { total: 7, loaded: 6 },
        records: { extracted: 120, loaded: 117, rejected: 3 },
      }),
      resource({ resource: 'episode', records: { extracted: 40, loaded: 38, rejected: 1 } }),
    ]);
    const staged = {
      location: { raw: 2, processed: 2 },
      character: { raw: 6, processed: 6 },
      episode: { raw: 2, processed: 2 },
    };
    const deadLetters = groupRunDeadLetters(
      [
        listing('extract', [deadLetter({ page: 3 })]),
        listing('load', [deadLetter({ type: 'page.transformed', resource: 'location', page: 2 })]),
      ],
      RUN,
    );

    // Act
    const reconciliation = reconcileRun(run, staged, deadLetters);

    // Assess
    expect(reconciliation.resources).toEqual([
      {
        resource: 'location',
        pages: { total: 2, extracted: 2, transformed: 2, loaded: 1, skipped: 0, deadLettered: 1 },
        records: { extracted: 20, loaded: 20, rejected: 0 },
        reconciles: true,
      },
      {
        resource: 'character',
        pages: { total: 7, extracted: 6, transformed: 6, loaded: 6, skipped: 0, deadLettered: 1 },
        records: { extracted: 120, loaded: 117, rejected: 3 },
        reconciles: true,
      },
      {
        resource: 'episode',
        pages: { total: 2, extracted: 2, transformed: 2, loaded: 2, skipped: 0, deadLettered: 0 },
        records: { extracted: 40, loaded: 38, rejected: 1 },
        reconciles: false,
      },
    ]);
    const text = formatRunReconciliation(reconciliation);
    expect(text).toMatch(/location\s+2\s+2\s+2\s+1\s+0\s+1\s+20 = 20 \+ 0/);
    expect(text).toMatch(/character\s+7\s+6\s+6\s+6\s+0\s+1\s+120 = 117 \+ 3/);
    expect(text).toMatch(/episode\s+2\s+2\s+2\s+2\s+0\s+0\s+40 ≠ 38 \+ 1 \(1 unaccounted\)/);
    expect(text).toContain('In DLQs: extract 1 (character p3), load 1 (location p2)');
  });
});
