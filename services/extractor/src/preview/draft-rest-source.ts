import { isPlainObject } from '@sluice/contracts';
import type { Pagination } from '@sluice/contracts/pipeline-definition';
import { nextLinkOf } from '../sources/rest-link-header.ts';

/** A JSON API's first page, as fetched. */
export interface RestPageSample {
  url: string;
  body: unknown;
  headers: Headers;
}

/** What the first page says of a REST source: where it splits, its records and how it pages. */
export interface RestSourceDraft {
  /** The URL up to the resource's path: `http://h/api` of `http://h/api/books`. */
  baseUrl: string;
  /** The resource, named after the last segment of the path. */
  resource: string;
  path: string;
  params: Record<string, string>;
  records: string | null;
  pagination: Pagination;
  /** What was guessed and how, for the person to check. */
  notes: string[];
}

type Json = Record<string, unknown>;

/** Every value of the body by dot path, breadth first, down to `depth` objects deep. */
const fieldsOf = (body: unknown, depth = 3): { path: string; key: string; value: unknown }[] => {
  const fields: { path: string; key: string; value: unknown }[] = [];
  let level: { prefix: string; object: Json }[] = isPlainObject(body) ? [{ prefix: '', object: body }] : [];
  for (let step = 0; step < depth && level.length > 0; step += 1) {
    const next: typeof level = [];
    for (const { prefix, object } of level) {
      for (const [key, value] of Object.entries(object)) {
        fields.push({ path: `${prefix}${key}`, key, value });
        if (isPlainObject(value)) next.push({ prefix: `${prefix}${key}.`, object: value });
      }
    }
    level = next;
  }
  return fields;
};

/** The records: the body when it is an array, else its longest array of objects, the shallowest first. */
const findRecords = (body: unknown): string | null | undefined => {
  if (Array.isArray(body)) return null;
  const arrays = fieldsOf(body).filter(
    (field) => Array.isArray(field.value) && (field.value as unknown[]).every(isPlainObject),
  );
  const longest = arrays.reduce<(typeof arrays)[number] | undefined>(
    (best, field) =>
      !best || (field.value as unknown[]).length > (best.value as unknown[]).length ? field : best,
    undefined,
  );
  return longest?.path;
};

const isUrlText = (value: unknown) => typeof value === 'string' && /^(https?:\/\/|\/)/.test(value);
const isNumber = (value: unknown) =>
  typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));

const NEXT_URL_KEY = /^next(_?(url|link|page|page_?url|href))?$/i;
const CURSOR_KEY = /^(next_?)?(cursor|token|page_?token|continuation)$/i;
const TOTAL_PAGES_KEY = /^(total_?pages|pages|page_?count|last_?page|num_?pages)$/i;
const TOTAL_KEY = /^(total|total_?count|count|total_?results)$/i;
const PAGE_PARAMS = ['page', 'p', 'page_number', 'pageNumber'];

/** How the API pages, from what page 1 shows: a Link header, a next URL, a cursor, a page count, the URL's own parameters. */
const guessPagination = (sample: RestPageSample, recordsPath: string | null, url: URL) => {
  const fields = fieldsOf(sample.body).filter(
    (field) => recordsPath === null || !field.path.startsWith(`${recordsPath}.`),
  );
  const page = PAGE_PARAMS.find((param) => url.searchParams.has(param));
  const limit = ['limit', 'per_page', 'page_size', 'pageSize', 'size'].find((param) =>
    url.searchParams.has(param),
  );
  if (nextLinkOf(sample.headers.get('link')) !== null) {
    return {
      pagination: { type: 'link_header' } as Pagination,
      note: 'pages by its Link header (rel="next")',
    };
  }
  const next = fields.find(
    (field) => NEXT_URL_KEY.test(field.key) && (field.value === null || isUrlText(field.value)),
  );
  if (next) {
    return {
      pagination: { type: 'next_url', next: next.path } as Pagination,
      note: `pages by the next URL at ${next.path}`,
    };
  }
  const cursor = fields.find(
    (field) => CURSOR_KEY.test(field.key) && !isPlainObject(field.value) && !Array.isArray(field.value),
  );
  if (cursor) {
    const param = cursor.key.replace(/^next_?/i, '') || 'cursor';
    return {
      pagination: { type: 'cursor', param, next: cursor.path } as Pagination,
      note: `pages by the cursor at ${cursor.path}, sent back as ?${param}= (check the parameter's name in the API's documentation)`,
    };
  }
  const pages = fields.find((field) => TOTAL_PAGES_KEY.test(field.key) && isNumber(field.value));
  if (pages || page) {
    const param = page ?? 'page';
    return {
      pagination: {
        type: 'page_number',
        param,
        start: 1,
        ...(pages ? { totalPages: pages.path } : {}),
      } as Pagination,
      note: pages
        ? `pages by ?${param}=, ${pages.path} saying how many`
        : `pages by ?${param}= until a page is empty`,
    };
  }
  if (limit) {
    const total = fields.find((field) => TOTAL_KEY.test(field.key) && isNumber(field.value));
    const pageSize = Number(url.searchParams.get(limit)) || 100;
    const offsetParam = ['offset', 'skip', 'start'].find((param) => url.searchParams.has(param)) ?? 'offset';
    return {
      pagination: {
        type: 'offset',
        offsetParam,
        limitParam: limit,
        pageSize,
        ...(total ? { total: total.path } : {}),
      } as Pagination,
      note: `pages by ?${offsetParam}=&${limit}=${pageSize}`,
    };
  }
  return { pagination: { type: 'none' } as Pagination, note: 'shows no sign of more pages: one request' };
};

/** `book-reviews` of `/api/book-reviews.json`; `records` when the path says nothing. */
export const resourceNameOf = (path: string): string => {
  const last = path.split('/').filter(Boolean).at(-1) ?? '';
  const name = last
    .replace(/\.[A-Za-z0-9]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63);
  return name || 'records';
};

/**
 * A REST source drafted from the first page of a URL: base and path split at the last segment (the
 * resource), the query kept as the resource's params (but the pagination's own), the records at the
 * body's longest array of objects, and the pagination the page shows signs of. Throws when the page
 * holds no array of records.
 */
export const draftRestSource = (sample: RestPageSample): RestSourceDraft => {
  const url = new URL(sample.url);
  const records = findRecords(sample.body);
  if (records === undefined) {
    throw new Error(`GET ${sample.url} gave no array of records (objects), at its top level or inside it`);
  }
  const { pagination, note } = guessPagination(sample, records, url);
  const paging = new Set(
    Object.entries(pagination)
      .filter(([key]) => key === 'param' || key.endsWith('Param'))
      .map(([, value]) => String(value)),
  );
  const segments = url.pathname.replace(/\/+$/, '').split('/');
  const last = segments.pop() ?? '';
  const params = Object.fromEntries([...url.searchParams].filter(([name]) => !paging.has(name)));
  return {
    baseUrl: `${url.origin}${segments.join('/')}`,
    resource: resourceNameOf(last),
    path: `/${last}`,
    params,
    records,
    pagination,
    notes: [records === null ? 'records: the body is the array' : `records: the array at ${records}`, note],
  };
};
