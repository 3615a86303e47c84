import type { Pagination } from '@sluice/contracts/pipeline-definition';
import { valueAtPath } from '@sluice/contracts/pipeline-definition';
import { SourceError } from '../source-errors.ts';
import { nextLinkOf } from './rest-link-header.ts';
import { type ParamValue, withParams } from './rest-url.ts';

/** What a page says about the pages of its resource. */
export interface PageSequence {
  /** Known when the body says so (totalPages/total) or when this page is the last; else null. */
  pagesTotal: number | null;
  /** Sequential styles: the next page's URL, null when this page is the last. */
  nextUrl: string | null;
  /** Page 1 of styles that know the total: the URLs of pages 2..pagesTotal, in order; else []. */
  fanOut: string[];
}

export interface PageInput {
  pagination: Pagination;
  page: number;
  /** This page's URL: pages the reader builds keep all its parameters (filters, incremental cursor). */
  url: string;
  body: unknown;
  headers: Headers;
  recordCount: number;
}

/** The pagination parameters of page 1: `page=start`, `offset=0&limit=N`, none for the other styles. */
export const firstPageParams = (pagination: Pagination): Record<string, ParamValue> => {
  if (pagination.type === 'page_number') return { [pagination.param]: pagination.start };
  if (pagination.type === 'offset') {
    return { [pagination.offsetParam]: 0, [pagination.limitParam]: pagination.pageSize };
  }
  return {};
};

// A body that lacks what its pagination promises is the API's contract broken: retrying cannot help.
const brokenPage = (input: PageInput, what: string) =>
  new SourceError(`GET ${input.url} returned ${what}`, {
    context: { url: input.url, page: input.page },
    retryable: false,
  });

/** A count at `path`: a whole number, or a string of digits as some APIs send them. */
const countAt = (input: PageInput, path: string): number => {
  const value = valueAtPath(input.body, path);
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw brokenPage(input, `no count at '${path}' (found ${JSON.stringify(value) ?? 'nothing'})`);
  }
  return count;
};

const lastPage = (page: number): PageSequence => ({ pagesTotal: page, nextUrl: null, fanOut: [] });

const followedBy = (input: PageInput, next: string | null): PageSequence => {
  if (next === null) return lastPage(input.page);
  // An API that links a page to itself would keep a run going for ever.
  if (next === input.url) throw brokenPage(input, 'a link to the same page as the next one');
  return { pagesTotal: null, nextUrl: next, fanOut: [] };
};

/** At least one page: an empty collection still has its (empty) first page. */
const fannedOut = (input: PageInput, pages: number, urlOf: (page: number) => string): PageSequence => {
  const pagesTotal = Math.max(1, pages);
  const rest = input.page === 1 ? Array.from({ length: pagesTotal - 1 }, (_, index) => urlOf(index + 2)) : [];
  return { pagesTotal, nextUrl: null, fanOut: rest };
};

/** A URL from the body or a header, resolved against the page's URL; null, missing or '' ends. */
const linkedUrl = (input: PageInput, link: unknown, where: string): string | null => {
  if (link === null || link === undefined || link === '') return null;
  if (typeof link !== 'string' || !URL.canParse(link, input.url)) {
    throw brokenPage(input, `a next link at ${where} that is not a URL: ${JSON.stringify(link)}`);
  }
  return new URL(link, input.url).href;
};

const cursorSequence = (input: PageInput, param: string, path: string): PageSequence => {
  const cursor = valueAtPath(input.body, path);
  if (cursor === null || cursor === undefined || cursor === '') return lastPage(input.page);
  if (typeof cursor !== 'string' && typeof cursor !== 'number') {
    throw brokenPage(input, `a cursor at '${path}' that is neither text nor a number`);
  }
  return followedBy(input, withParams(input.url, { [param]: cursor }));
};

/** Reads where a page stands in its resource, by the resource's pagination style. */
export const readPageSequence = (input: PageInput): PageSequence => {
  const { pagination: p, page, url } = input;
  switch (p.type) {
    case 'none':
      return lastPage(1);
    case 'next_url':
      return followedBy(input, linkedUrl(input, valueAtPath(input.body, p.next), `'${p.next}'`));
    case 'link_header':
      return followedBy(input, linkedUrl(input, nextLinkOf(input.headers.get('link')), 'Link rel="next"'));
    case 'cursor':
      return cursorSequence(input, p.param, p.next);
    case 'page_number':
      if (p.totalPages !== undefined) {
        return fannedOut(input, countAt(input, p.totalPages), (n) =>
          withParams(url, { [p.param]: p.start + n - 1 }),
        );
      }
      // Without a count, the first empty page is the end.
      return followedBy(
        input,
        input.recordCount === 0 ? null : withParams(url, { [p.param]: p.start + page }),
      );
    case 'offset': {
      const offsetOf = (n: number) => ({ [p.offsetParam]: (n - 1) * p.pageSize, [p.limitParam]: p.pageSize });
      if (p.total !== undefined) {
        return fannedOut(input, Math.ceil(countAt(input, p.total) / p.pageSize), (n) =>
          withParams(url, offsetOf(n)),
        );
      }
      // Without a total, a short page is the last one.
      return followedBy(input, input.recordCount < p.pageSize ? null : withParams(url, offsetOf(page + 1)));
    }
  }
};
