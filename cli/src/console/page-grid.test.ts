import { describe, expect, it } from 'vitest';
import { gridOfRun, ledgerDeadLettersOf, loadedSinceOf } from './page-grid.ts';
import { RUN_ID, resourceProgress, runFailure, runPage, runProgress } from './test-factories.ts';

describe('Function: gridOfRun()', () => {
  it('gives each page the furthest state it reached: loaded, skipped, dead-lettered, transformed, extracted, waiting', () => {
    // Prepare
    const progress = runProgress({
      resources: [resourceProgress({ pages: { loaded: 2, skipped: 1, total: 6 } })],
      failures: [runFailure({ page: 3 })],
    });
    const pages = [runPage(1), runPage(2, { status: 'skipped' })];
    const staged = { character: { raw: new Set([1, 4, 5]), processed: new Set([1, 4]) } };

    // Act
    const [grid] = gridOfRun(progress, pages, staged);

    // Assess
    expect(grid?.cells.map((cell) => [cell.page, cell.state])).toEqual([
      [1, 'loaded'],
      [2, 'skipped'],
      [3, 'dead-lettered'],
      [4, 'transformed'],
      [5, 'extracted'],
      [6, 'waiting'],
    ]);
    expect(grid?.cells[2]?.failure).toEqual({
      stage: 'extract',
      reason: expect.stringContaining('answered 500'),
      failedAt: '2026-11-25T15:18:43.000Z',
    });
    expect(grid?.cells[0]?.loaded).toMatchObject({ recordsExtracted: 20, rowsWritten: 40 });
  });

  it('shows a page loaded after a replay as loaded, though a stage dead-lettered it before', () => {
    // Prepare
    const progress = runProgress({ failures: [runFailure({ page: 2 })] });

    // Act
    const [grid] = gridOfRun(progress, [runPage(2)], {});

    // Assess
    expect(grid?.cells[1]).toMatchObject({ page: 2, state: 'loaded' });
    expect(grid?.cells[1]?.failure).toBeUndefined();
  });

  it('shows the pages seen so far while no page has said how many there are', () => {
    // Prepare
    const progress = runProgress({
      resources: [resourceProgress({ pages: { loaded: 2, skipped: 1, total: null } })],
    });

    // Act
    const [grid] = gridOfRun(progress, [], { character: { raw: new Set([1, 2]), processed: new Set() } });

    // Assess
    expect(grid).toMatchObject({ resource: 'character', pagesTotal: null });
    expect(grid?.cells.map((cell) => cell.state)).toEqual(['extracted', 'extracted']);
  });

  it('shows only the window asked for, numbered from its first page', () => {
    // Prepare: 2,500 pages, the second thousand asked for.
    const progress = runProgress({
      resources: [resourceProgress({ pages: { loaded: 2, skipped: 1, total: 2_500 } })],
      failures: [runFailure({ page: 1_500 })],
    });

    // Act
    const [grid] = gridOfRun(progress, [runPage(1_001)], {}, { from: 1_001, to: 2_000 });
    const [last] = gridOfRun(progress, [], {}, { from: 2_001, to: 3_000 });

    // Assess
    expect(grid?.cells).toHaveLength(1_000);
    expect(grid?.cells[0]).toMatchObject({ page: 1_001, state: 'loaded' });
    expect(grid?.cells[499]).toMatchObject({ page: 1_500, state: 'dead-lettered' });
    expect(grid?.pagesKnown).toBe(2_500);
    expect(last?.cells.map((cell) => cell.page)).toEqual(Array.from({ length: 500 }, (_, i) => 2_001 + i));
  });
});

describe('Function: ledgerDeadLettersOf()', () => {
  it('groups the pages still dead-lettered by stage and resource, in flow order', () => {
    // Prepare
    const progress = runProgress({
      failures: [runFailure({ stage: 'load', page: 1 }), runFailure({ page: 3 }), runFailure({ page: 4 })],
    });
    const loadedSince = loadedSinceOf(progress.failures, [runPage(4)]);

    // Act
    const deadLetters = ledgerDeadLettersOf(RUN_ID, progress, loadedSince);

    // Assess
    expect(deadLetters).toEqual({
      runId: RUN_ID,
      groups: [
        { stage: 'extract', resource: 'character', pages: [3], messages: 1 },
        { stage: 'load', resource: 'character', pages: [1], messages: 1 },
      ],
      unlisted: 0,
    });
  });
});
