import { describe, expect, it } from 'vitest';
import { decideRunStatus, type ResourcePages, type RunFailure } from './decide-run-status.ts';

const resource = (name: string, pagesTotal: number | null, done: number[]): ResourcePages => ({
  resource: name,
  pagesTotal,
  done: new Set(done),
});

const failure = (
  stage: string,
  name: string,
  page: number,
  pagesTotal: number | null = null,
): RunFailure => ({
  stage,
  resource: name,
  page,
  pages: { total: pagesTotal },
  reason: 'SourceError: GET … answered 500',
  failedAt: '2026-12-03 10:00:00.000',
});

describe('Function: decideRunStatus()', () => {
  it("fails a loaded run at the pipeline's share of rejected records, by default only when all are", () => {
    // Prepare: every page loaded; 10 of 100 records rejected.
    const resources = [{ ...resource('book', 1, [1]), records: { extracted: 100, loaded: 90 } }];

    // Assess
    expect(decideRunStatus('running', resources, [])).toBe('succeeded');
    expect(decideRunStatus('running', resources, [], 0.1)).toBe('failed');
    expect(decideRunStatus('running', resources, [], 0.11)).toBe('succeeded');
    const none = [{ ...resource('book', 1, [1]), records: { extracted: 100, loaded: 0 } }];
    expect(decideRunStatus('running', none, [])).toBe('failed');
    const clean = [{ ...resource('book', 1, [1]), records: { extracted: 100, loaded: 100 } }];
    expect(decideRunStatus('running', clean, [], 0.0001)).toBe('succeeded');
  });

  it('is succeeded once every page of every resource is loaded, failures replayed since or not', () => {
    const resources = [resource('location', 2, [1, 2]), resource('episode', 1, [1])];
    expect(decideRunStatus('running', resources, [])).toBe('succeeded');
    expect(decideRunStatus('failed', resources, [failure('load', 'location', 2)])).toBe('succeeded');
  });

  it('is running while pages are missing and nothing failed', () => {
    expect(decideRunStatus('running', [resource('location', 3, [1, 2])], [])).toBe('running');
    expect(decideRunStatus('running', [resource('location', null, [])], [])).toBe('running');
  });

  it('is failing while another page of a run with a dead-lettered page is in flight', () => {
    const resources = [resource('location', 3, [1])];
    expect(decideRunStatus('running', resources, [failure('transform', 'location', 2)])).toBe('failing');
  });

  it('is failed once every page is either loaded or dead-lettered', () => {
    const resources = [resource('location', 3, [1, 3])];
    expect(decideRunStatus('failing', resources, [failure('load', 'location', 2)])).toBe('failed');
  });

  it('takes the page count from the failed page when no page of the resource loaded', () => {
    const resources = [resource('location', null, [])];
    expect(decideRunStatus('running', resources, [failure('transform', 'location', 1, 2)])).toBe('failing');
    const both = [failure('transform', 'location', 1, 2), failure('load', 'location', 2, 2)];
    expect(decideRunStatus('running', resources, both)).toBe('failed');
  });

  it('ends a page-after-page resource at a page whose extraction failed, once the pages before it are done', () => {
    expect(decideRunStatus('running', [resource('c', null, [1])], [failure('extract', 'c', 3)])).toBe(
      'failing',
    );
    expect(decideRunStatus('running', [resource('c', null, [1, 2])], [failure('extract', 'c', 3)])).toBe(
      'failed',
    );
  });

  it('keeps waiting on a page-after-page resource whose failed page had already asked for the next', () => {
    expect(decideRunStatus('running', [resource('c', null, [1, 3])], [failure('load', 'c', 2)])).toBe(
      'failing',
    );
  });

  it('waits for a resource of which nothing has arrived yet', () => {
    const resources = [resource('location', 2, [1]), resource('episode', null, [])];
    expect(decideRunStatus('running', resources, [failure('load', 'location', 2)])).toBe('failing');
  });

  it('is failed at once when the run request itself was dead-lettered', () => {
    const resources = [resource('location', null, [])];
    expect(decideRunStatus('running', resources, [failure('extract', '', 0)])).toBe('failed');
  });

  it('is failed once complete when a resource had every one of its records rejected', () => {
    const rejectedAll = { ...resource('books', 1, [1]), records: { extracted: 30, loaded: 0 } };
    const someRejected = { ...resource('authors', 1, [1]), records: { extracted: 30, loaded: 29 } };
    const empty = { ...resource('notes', 1, [1]), records: { extracted: 0, loaded: 0 } };
    expect(decideRunStatus('running', [rejectedAll, someRejected], [])).toBe('failed');
    expect(decideRunStatus('running', [someRejected, empty], [])).toBe('succeeded');
  });

  it('leaves a cancelled run cancelled', () => {
    expect(decideRunStatus('cancelled', [resource('location', 1, [1])], [])).toBe('cancelled');
  });
});
