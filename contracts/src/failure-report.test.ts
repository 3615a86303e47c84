import { describe, expect, it } from 'vitest';
import { failureReportOf } from './failure-report.ts';
import { scheduledRunId } from './names.ts';
import { sha256Hex } from './page-state.ts';
import { runRequested } from './run-request.ts';

const failure = { reason: 'SourceError: GET … answered 404', failedAt: new Date('2026-12-03T12:00:00Z') };
const runId = '20261203T115900Z-abc123';

describe('Function: failureReportOf()', () => {
  it('names the run, resource, page and page count of a dead-lettered page', () => {
    const requested = {
      version: 1,
      type: 'page.requested',
      runId,
      pipeline: 'rickandmorty',
      resource: 'character',
      page: 3,
      url: 'http://127.0.0.1:8787/api/character?page=3',
    };
    expect(failureReportOf('extract', JSON.stringify(requested), failure)).toEqual({
      version: 1,
      type: 'page.failed',
      stage: 'extract',
      runId,
      pipeline: 'rickandmorty',
      resource: 'character',
      page: 3,
      reason: failure.reason,
      failedAt: '2026-12-03T12:00:00.000Z',
    });
  });

  it('reports a failed run request, or a schedule event, as the run itself failing', () => {
    const request = runRequested({ runId, pipeline: 'rickandmorty', requestedAt: failure.failedAt });
    expect(failureReportOf('extract', JSON.stringify(request), failure)).toMatchObject({
      runId,
      resource: null,
      page: null,
    });
    const scheduled = {
      version: 1,
      type: 'run.scheduled',
      pipeline: 'rickandmorty',
      scheduledAt: '2026-12-03T06:00:00Z',
      eventId: 'e-1',
    };
    expect(failureReportOf('extract', JSON.stringify(scheduled), failure)?.runId).toBe(
      scheduledRunId(new Date('2026-12-03T06:00:00Z'), sha256Hex('e-1')),
    );
  });

  it('reports nothing for a body that names no run, nor for a report that failed itself', () => {
    expect(failureReportOf('load', 'not json', failure)).toBeNull();
    expect(failureReportOf('load', '{"version":7}', failure)).toBeNull();
    const report = failureReportOf(
      'extract',
      JSON.stringify(runRequested({ runId, pipeline: 'p', requestedAt: failure.failedAt })),
      failure,
    );
    expect(failureReportOf('load', JSON.stringify(report), failure)).toBeNull();
  });
});
