import { type Pagination, PaginationSchema } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { firstPageParams, type PageInput, readPageSequence } from './rest-pagination.ts';

const URL_1 = 'https://api.test/v1/items?status=active&since=2024-01-01';

/** A page of `records` records, as the reader would pass it, with the pagination parsed for its defaults. */
const pageOf = (pagination: unknown, overrides: Partial<PageInput> = {}): PageInput => ({
  pagination: PaginationSchema.parse(pagination) as Pagination,
  page: 1,
  url: URL_1,
  body: {},
  headers: new Headers(),
  recordCount: 10,
  ...overrides,
});

describe('Function: firstPageParams()', () => {
  it('starts numbered pages at `start` and offsets at 0 with the page size', () => {
    expect(firstPageParams(PaginationSchema.parse({ type: 'page_number' }))).toEqual({ page: 1 });
    expect(firstPageParams(PaginationSchema.parse({ type: 'page_number', param: 'p', start: 0 }))).toEqual({
      p: 0,
    });
    expect(
      firstPageParams(
        PaginationSchema.parse({ type: 'offset', offsetParam: 'skip', limitParam: 'take', pageSize: 50 }),
      ),
    ).toEqual({ skip: 0, take: 50 });
    expect(firstPageParams(PaginationSchema.parse({ type: 'cursor', param: 'c', next: 'next' }))).toEqual({});
  });
});

describe('Function: readPageSequence()', () => {
  it('knows a resource without pagination is one page', () => {
    expect(readPageSequence(pageOf({ type: 'none' }))).toEqual({ pagesTotal: 1, nextUrl: null, fanOut: [] });
  });

  it('fans page 1 of numbered pages out to pages 2..N, keeping the other parameters', () => {
    // Prepare
    const page = pageOf(
      { type: 'page_number', param: 'p', start: 0, totalPages: 'info.pages' },
      { url: `${URL_1}&p=0`, body: { info: { pages: '3' } } },
    );

    // Act
    const sequence = readPageSequence(page);

    // Assess
    expect(sequence).toEqual({
      pagesTotal: 3,
      nextUrl: null,
      fanOut: [`${URL_1}&p=1`, `${URL_1}&p=2`],
    });
  });

  it('fans out nothing from later pages, and counts an empty collection as one page', () => {
    const pagination = { type: 'page_number', totalPages: 'info.pages' };
    expect(readPageSequence(pageOf(pagination, { page: 2, body: { info: { pages: 3 } } }))).toEqual({
      pagesTotal: 3,
      nextUrl: null,
      fanOut: [],
    });
    expect(readPageSequence(pageOf(pagination, { body: { info: { pages: 0 } } })).pagesTotal).toBe(1);
  });

  it.each([
    { body: {}, found: 'nothing' },
    { body: { info: { pages: -1 } }, found: '-1' },
    { body: { info: { pages: 2.5 } }, found: '2.5' },
    { body: { info: { pages: 'many' } }, found: '"many"' },
  ])('refuses a page count of $found, for good', ({ body, found }) => {
    const act = () => readPageSequence(pageOf({ type: 'page_number', totalPages: 'info.pages' }, { body }));
    expect(act).toThrow(`no count at 'info.pages' (found ${found})`);
    expect(act).toThrow(expect.objectContaining({ retryable: false }));
  });

  it('without a page count, asks for the next number until a page is empty', () => {
    const pagination = { type: 'page_number' };
    expect(readPageSequence(pageOf(pagination, { page: 4, url: `${URL_1}&page=4` }))).toEqual({
      pagesTotal: null,
      nextUrl: `${URL_1}&page=5`,
      fanOut: [],
    });
    expect(readPageSequence(pageOf(pagination, { page: 5, recordCount: 0 }))).toEqual({
      pagesTotal: 5,
      nextUrl: null,
      fanOut: [],
    });
  });

  it('fans offsets out by page size when the body gives the total', () => {
    // Prepare
    const pagination = { type: 'offset', pageSize: 10, total: 'meta.total' };
    const url = `${URL_1}&offset=0&limit=10`;

    // Act
    const sequence = readPageSequence(pageOf(pagination, { url, body: { meta: { total: 31 } } }));
    const exact = readPageSequence(pageOf(pagination, { url, body: { meta: { total: 30 } } }));
    const empty = readPageSequence(pageOf(pagination, { url, body: { meta: { total: 0 } }, recordCount: 0 }));

    // Assess
    expect(sequence.pagesTotal).toBe(4);
    expect(sequence.fanOut).toEqual([
      `${URL_1}&offset=10&limit=10`,
      `${URL_1}&offset=20&limit=10`,
      `${URL_1}&offset=30&limit=10`,
    ]);
    expect(exact.pagesTotal).toBe(3);
    expect(empty).toEqual({ pagesTotal: 1, nextUrl: null, fanOut: [] });
  });

  it('without a total, follows offsets until a short page', () => {
    const pagination = { type: 'offset', offsetParam: 'skip', limitParam: 'take', pageSize: 10 };
    const url = `${URL_1}&skip=10&take=10`;
    expect(readPageSequence(pageOf(pagination, { page: 2, url })).nextUrl).toBe(`${URL_1}&skip=20&take=10`);
    expect(readPageSequence(pageOf(pagination, { page: 3, url, recordCount: 9 }))).toEqual({
      pagesTotal: 3,
      nextUrl: null,
      fanOut: [],
    });
  });

  it('sends a cursor back as its parameter, and stops at a null or empty cursor', () => {
    const pagination = { type: 'cursor', param: 'after', next: 'meta.next' };
    const next = readPageSequence(pageOf(pagination, { body: { meta: { next: 'b2Zmc2V0OjEw' } } }));
    const numeric = readPageSequence(pageOf(pagination, { body: { meta: { next: 20 } } }));
    expect(next.nextUrl).toBe(`${URL_1}&after=b2Zmc2V0OjEw`);
    expect(numeric.nextUrl).toBe(`${URL_1}&after=20`);
    for (const body of [{ meta: { next: null } }, { meta: { next: '' } }, { meta: {} }]) {
      expect(readPageSequence(pageOf(pagination, { page: 2, body }))).toEqual({
        pagesTotal: 2,
        nextUrl: null,
        fanOut: [],
      });
    }
  });

  it('refuses a cursor that leads back to the same page, which would never end', () => {
    const pagination = { type: 'cursor', param: 'after', next: 'next' };
    const act = () => readPageSequence(pageOf(pagination, { url: `${URL_1}&after=x`, body: { next: 'x' } }));
    expect(act).toThrow(
      expect.objectContaining({ retryable: false, message: expect.stringMatching(/same page/) }),
    );
  });

  it('follows a next URL from the body, absolute or relative to the page', () => {
    const pagination = { type: 'next_url', next: 'links.next' };
    const absolute = readPageSequence(
      pageOf(pagination, { body: { links: { next: 'https://other.test/p2' } } }),
    );
    const relative = readPageSequence(pageOf(pagination, { body: { links: { next: '?cursor=2' } } }));
    const rooted = readPageSequence(pageOf(pagination, { body: { links: { next: '/v2/items?page=2' } } }));
    expect(absolute.nextUrl).toBe('https://other.test/p2');
    expect(relative.nextUrl).toBe('https://api.test/v1/items?cursor=2');
    expect(rooted.nextUrl).toBe('https://api.test/v2/items?page=2');
    for (const links of [{ next: null }, { next: '' }, {}]) {
      expect(readPageSequence(pageOf(pagination, { page: 7, body: { links } })).pagesTotal).toBe(7);
    }
    expect(() => readPageSequence(pageOf(pagination, { body: { links: { next: 42 } } }))).toThrow(
      expect.objectContaining({ retryable: false }),
    );
  });

  it('follows the rel="next" link of a Link header, resolved against the page', () => {
    const pagination = { type: 'link_header' };
    const headers = new Headers({ link: '</v1/items?page=3>; rel="next", </v1/items?page=9>; rel="last"' });
    expect(readPageSequence(pageOf(pagination, { page: 2, headers })).nextUrl).toBe(
      'https://api.test/v1/items?page=3',
    );
    const lastHeaders = new Headers({ link: '</v1/items?page=1>; rel="first"' });
    expect(readPageSequence(pageOf(pagination, { page: 9, headers: lastHeaders })).pagesTotal).toBe(9);
    expect(readPageSequence(pageOf(pagination, { page: 1 })).pagesTotal).toBe(1);
  });
});
