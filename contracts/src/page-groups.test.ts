import { describe, expect, it } from 'vitest';
import { groupPagesOfRun, type PageOfRun } from './page-groups.ts';

const page = (resource: string, number: number, runId = 'r1'): PageOfRun => ({
  pipeline: 'p',
  resource,
  runId,
  page: number,
});

describe('Function: groupPagesOfRun()', () => {
  it('groups the pages of one run and resource, in the order they came', () => {
    const pages = [page('a', 2), page('b', 1), page('a', 3), page('a', 4, 'r2'), page('b', 2)];
    expect(groupPagesOfRun(pages, (item) => item)).toEqual([
      [page('a', 2), page('a', 3)],
      [page('b', 1), page('b', 2)],
      [page('a', 4, 'r2')],
    ]);
  });

  it('puts a page that comes twice into a second group', () => {
    const pages = [page('a', 1), page('a', 2), page('a', 1), page('a', 3)];
    expect(groupPagesOfRun(pages, (item) => item)).toEqual([
      [page('a', 1), page('a', 2), page('a', 3)],
      [page('a', 1)],
    ]);
  });
});
