import { describe, expect, it } from 'vitest';
import { groupPagesOfRun, type PageOfRun, writeInGroupsOfRun } from './page-groups.ts';

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

describe('Function: writeInGroupsOfRun()', () => {
  it("writes each group once and gives every item its group's outcome", async () => {
    const writes: PageOfRun[][] = [];
    const pages = [page('a', 1), page('b', 1), page('a', 2)];
    const outcomes = writeInGroupsOfRun(
      pages,
      (item) => item,
      async (group) => {
        writes.push(group);
        return group.map(({ resource, page: number }) => `${resource}${number}`).join('+');
      },
    );
    expect(writes).toHaveLength(2);
    expect(await Promise.all(pages.map((item) => outcomes.get(item)))).toEqual(['a1+a2', 'b1', 'a1+a2']);
  });
});
