import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from './progress-display.ts';
import { pipelineIsIdle, type QueueDepths } from './queue-depths.ts';
import { formatRunSummary, type RunSummary } from './run-summary.ts';

const summary: RunSummary = {
  runId: '20261125T151841Z-9ecc3a',
  pipeline: 'rickandmorty',
  status: 'succeeded',
  seconds: 3.84,
  pages: { loaded: 3, skipped: 0, total: 3 },
  records: { extracted: 41, rejected: 1, loaded: 40 },
  resources: [
    {
      resource: 'location',
      pages: { loaded: 1, skipped: 0, total: 1 },
      records: { extracted: 20, rejected: 0, loaded: 20 },
      rowsWritten: 20,
    },
    {
      resource: 'character',
      pages: { loaded: 2, skipped: 0, total: 2 },
      records: { extracted: 21, rejected: 1, loaded: 20 },
      rowsWritten: 61,
    },
  ],
  tables: { locations: 20, characters: 20 },
  deadLetters: { extract: 0, transform: 0, load: 2 },
  rejectedUnder: 's3://sluice-staging/rejected/rickandmorty/*/20261125T151841Z-9ecc3a/',
  failures: [],
  failAt: 1,
};

describe('Function: formatRunSummary()', () => {
  it('says how the run ended, per resource and in total, and where the rejected records are', () => {
    const text = formatRunSummary(summary);
    expect(text).toContain('Run 20261125T151841Z-9ecc3a (rickandmorty) succeeded in 3.8 s: 3/3 pages loaded');
    expect(text).toMatch(/character\s+2\/2\s+21\s+1\s+20\s+61/);
    expect(text).toMatch(/total\s+3\/3\s+41\s+1\s+40/);
    expect(text).toContain(
      'Dead-letter queues (all runs; `npx sluice dlq list` shows them): extract 0, transform 0, load 2',
    );
    expect(text).toContain(summary.rejectedUnder);
  });

  it('names each dead-lettered page of the run with its stage and its whole reason', () => {
    const reason = `SourceError: GET http://127.0.0.1:9/character?page=3 answered 401: ${'x'.repeat(300)} check RM_TOKEN`;
    const failed = {
      ...summary,
      status: 'failed',
      failures: [
        {
          stage: 'extract',
          resource: 'character',
          page: 3,
          pages: { total: null },
          reason,
          failedAt: '2026-11-25T15:19:00.000Z',
        },
      ],
    };
    const text = formatRunSummary(failed);
    expect(text).toContain(`character p3 at extract: ${reason}`);
  });
});

const depths = (waiting: number, inFlight: number): QueueDepths => {
  const depth = { waiting, inFlight, delayed: 0 };
  const empty = { waiting: 0, inFlight: 0, delayed: 0 };
  return {
    extract: { queue: empty, deadLetter: { ...empty, waiting: 3 } },
    transform: { queue: depth, deadLetter: empty },
    load: { queue: empty, deadLetter: empty },
  };
};

describe('Function: pipelineIsIdle()', () => {
  it('is idle only when no stage has a message waiting or in flight; DLQs do not count', () => {
    expect(pipelineIsIdle(depths(0, 0))).toBe(true);
    expect(pipelineIsIdle(depths(0, 1))).toBe(false);
    expect(pipelineIsIdle(depths(2, 0))).toBe(false);
  });
});

describe('Function: createProgressDisplay() off a terminal', () => {
  it('prints plain lines and always the final counts', () => {
    const lines: string[] = [];
    const stream = {
      isTTY: false,
      write: (text: string) => lines.push(text),
    } as unknown as NodeJS.WriteStream;
    const display = createProgressDisplay(stream);
    display.update({ extract: 1, transform: 0, load: 0 }, null, '');
    display.update({ extract: 3, transform: 3, load: 2 }, 3, '');
    display.stop();
    expect(lines[0]).toMatch(/^extracted 1\/\? · transformed 0\/\? · loaded 0\/\? pages/);
    expect(lines.at(-1)).toMatch(/^extracted 3\/3 · transformed 3\/3 · loaded 2\/3 pages/);
  });
});
