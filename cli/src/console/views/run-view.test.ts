import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../../reports/status-report.ts';
import { reconcileRun } from '../../run-reconciliation.ts';
import { gridOfRun, gridWindowFrom, ledgerDeadLettersOf, loadedSinceOf } from '../page-grid.ts';
import type { RunLive } from '../run-live.ts';
import { RUN_ID, rejectedReport, runFailure, runPage, runProgress } from '../test-factories.ts';
import { runLiveView } from './run-live-view.ts';
import { runView } from './run-view.ts';

const depth = { waiting: 0, inFlight: 0, delayed: 0 };

const liveOf = (progress = runProgress()): RunLive => {
  const pages = [runPage(1), runPage(2, { status: 'skipped' })];
  const grid = gridOfRun(progress, pages, {
    character: { raw: new Set([1, 3]), processed: new Set([1]) },
  });
  const staged = { character: { raw: 2, processed: 1 } };
  const loadedSince = loadedSinceOf(progress.failures, pages);
  return {
    progress,
    grid,
    window: gridWindowFrom(1),
    loadedSince,
    reconciliation: reconcileRun(progress, staged, ledgerDeadLettersOf(RUN_ID, progress, loadedSince)),
  };
};

const reportOf = (live: RunLive): Exclude<StatusReport, { run: null }> => ({
  runId: RUN_ID,
  pipeline: 'rickandmorty',
  status: live.progress.status,
  seconds: null,
  pages: { loaded: 2, skipped: 1, total: 4 },
  records: { extracted: 20, rejected: 1, loaded: 19 },
  resources: live.progress.resources,
  tables: { characters: 19 },
  deadLetters: { extract: 1, transform: 0, load: 0 },
  rejectedUnder: null,
  failures: live.progress.failures,
  failAt: 1,
  queues: {
    extract: { queue: depth, deadLetter: { ...depth, waiting: 1 } },
    transform: { queue: depth, deadLetter: depth },
    load: { queue: depth, deadLetter: depth },
  },
  reconciliation: {
    ...live.reconciliation,
    deadLetters: {
      runId: RUN_ID,
      groups: [{ stage: 'extract', resource: 'character', pages: [3], messages: 1 }],
      unlisted: 0,
    },
  },
  consumers: [],
});

describe('Function: runLiveView()', () => {
  it('shows the status, each resource’s pages per stage and records, and a grid cell per page', () => {
    // Act
    const markup = runLiveView(liveOf()).value;

    // Assess
    expect(markup).toContain('data-status="running"');
    expect(markup).toMatch(
      /<td>character<\/td><td class="num">4<\/td>\s*<td class="num">2<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td>\s*<td class="num">20<\/td><td class="num">1<\/td><td class="num">19<\/td><td class="num">40<\/td>/,
    );
    const cells = [...markup.matchAll(/data-page="(\d+)" data-state="([\w-]+)"/g)].map((m) => [m[1], m[2]]);
    expect(cells).toEqual([
      ['1', 'loaded'],
      ['2', 'skipped'],
      ['3', 'extracted'],
      ['4', 'waiting'],
    ]);
  });

  it('lists the dead-lettered pages with their reasons, escaped', () => {
    // Prepare
    const progress = runProgress({ failures: [runFailure({ reason: '<script>alert(1)</script>' })] });

    // Act
    const markup = runLiveView(liveOf(progress)).value;

    // Assess
    expect(markup).toContain('character page 3 at extract');
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).not.toContain('<script>');
  });
});

describe('Function: runView()', () => {
  it('renders a rejected record and its reason as text, and streams the live part from the run’s events', () => {
    // Prepare
    const live = liveOf();
    const rejected = rejectedReport({
      rejections: [
        {
          resource: 'character',
          page: 1,
          index: 4,
          reason: 'name: <script>alert(1)</script>',
          record: { name: '</pre><script>alert(2)</script>' },
        },
      ],
    });

    // Act
    const markup = runView({ report: reportOf(live), live, rejected }, 'token-1').value;

    // Assess
    expect(markup).toContain(`data-live="/runs/${RUN_ID}/events?status=running"`);
    expect(markup).toContain('<div id="settled">');
    expect(markup).toContain('name: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('<input type="hidden" name="run" value="20261125T151841Z-9ecc3a">');
    expect(markup).toContain('<input type="hidden" name="_csrf" value="token-1">');
  });
});
