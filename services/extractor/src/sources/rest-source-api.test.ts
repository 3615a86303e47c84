// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write ${VAR} references, as these tests do
import { RestSourceSchema } from '@sluice/contracts/pipeline-definition';
import {
  type CheckingApi,
  type CheckingApiOptions,
  type CheckingRoute,
  startCheckingApi,
} from '@sluice/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { createRestSourceReader, type RestSourceReader } from './rest-source.ts';

const SECRET = 'ck-s3cret-value';
const started: CheckingApi[] = [];
const startApi = async (options: CheckingApiOptions = {}) => {
  const api = await startCheckingApi({ count: 45, pageSize: 10, ...options });
  started.push(api);
  return api;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((api) => api.close()));
});

/** A one-resource source over a route of the checking API, as a pipeline file would declare it. */
const readerFor = (
  api: CheckingApi,
  style: { route: CheckingRoute; pagination: unknown; records?: string },
  options: { auth?: unknown; env?: Record<string, string> } = {},
): RestSourceReader =>
  createRestSourceReader(
    RestSourceSchema.parse({
      type: 'rest',
      baseUrl: '${CHECKING_API_URL}',
      pagination: style.pagination,
      ...(style.records ? { records: style.records } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
      resources: { items: { path: `/${style.route}/items` } },
    }),
    { CHECKING_API_URL: api.url, ...options.env },
  );

type Fetched = { page: number; url: string; status: number; pagesTotal: number | null };

/**
 * Plays the extractor: page 1 from `firstPageUrl`, then each page's `nextUrl` and page 1's `fanOut` as
 * further messages. Returns the records and every URL a message would have carried.
 */
const extractAll = async (reader: RestSourceReader, cursor?: { param: string; value: string }) => {
  const queue = [{ page: 1, url: reader.firstPageUrl('items', cursor) }];
  const records: { id: number }[] = [];
  const fetched: Fetched[] = [];
  for (let message = queue.shift(); message; message = queue.shift()) {
    const request = reader.authorise(message.url);
    const response = await fetch(request.url, { headers: request.headers });
    const body = await response.text();
    if (!response.ok) {
      fetched.push({ ...message, status: response.status, pagesTotal: null });
      continue;
    }
    const page = reader.readPage({ resource: 'items', ...message, body, headers: response.headers });
    records.push(...((reader.recordsOf('items', JSON.parse(body)) ?? []) as { id: number }[]));
    fetched.push({ ...message, status: response.status, pagesTotal: page.pagesTotal });
    if (page.nextUrl) queue.push({ page: message.page + 1, url: page.nextUrl });
    queue.push(...page.fanOut.map((url, index) => ({ page: index + 2, url })));
    if (fetched.length > 100) throw new Error('the extraction does not end');
  }
  return { ids: records.map((record) => record.id), fetched, urls: fetched.map((page) => page.url) };
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

// 45 items, 10 a page: every style but the unpaged one needs 5 pages; page numbers without a count need an
// empty 6th to know the 5th was the last.
const STYLES = [
  { route: 'none', pagination: { type: 'none' }, pages: 1 },
  { route: 'next-url', pagination: { type: 'next_url', next: 'links.next' }, records: 'data', pages: 5 },
  {
    route: 'page-total',
    pagination: { type: 'page_number', totalPages: 'meta.pages' },
    records: 'data',
    pages: 5,
  },
  { route: 'page-number', pagination: { type: 'page_number' }, records: 'data', pages: 6 },
  {
    route: 'offset-total',
    pagination: { type: 'offset', pageSize: 10, total: 'total' },
    records: 'results',
    pages: 5,
  },
  { route: 'offset', pagination: { type: 'offset', pageSize: 10 }, records: 'results', pages: 5 },
  {
    route: 'cursor',
    pagination: { type: 'cursor', param: 'cursor', next: 'meta.next_cursor' },
    records: 'data',
    pages: 5,
  },
  { route: 'link-header', pagination: { type: 'link_header' }, pages: 5 },
] as const;

const QUERY_KEY = { type: 'api_key', in: 'query', name: 'apikey', value: '${CHECKING_API_KEY}' } as const;

describe('Function: createRestSourceReader() against the checking API', () => {
  it.each(STYLES)('reads every item once by $route, the key never in a URL', async (style) => {
    // Prepare: the API echoes every query parameter, the key among them, into its next links.
    const api = await startApi({
      credential: { type: 'api_key', in: 'query', name: 'apikey', value: SECRET },
    });
    const reader = readerFor(api, style, { auth: QUERY_KEY, env: { CHECKING_API_KEY: SECRET } });

    // Act
    const { ids, fetched, urls } = await extractAll(reader);

    // Assess
    expect(ids).toEqual(range(1, 45));
    expect(fetched).toHaveLength(style.pages);
    expect(fetched.filter((page) => page.pagesTotal !== null && page.pagesTotal !== style.pages)).toEqual([]);
    expect(fetched.at(-1)?.pagesTotal).toBe(style.pages);
    expect(urls.filter((url) => url.includes(SECRET))).toEqual([]);
    expect(api.requests().map((request) => request.credential)).toEqual(Array(style.pages).fill('accepted'));
  });

  it.each(STYLES.filter((style) => style.route === 'next-url' || style.route === 'link-header'))(
    'follows relative next links by $route',
    async (style) => {
      const api = await startApi({ relativeLinks: true });
      const { ids, urls } = await extractAll(readerFor(api, style));
      expect(ids).toEqual(range(1, 45));
      expect(urls[1]).toBe(`${api.url}/${style.route}/items?page=2`);
    },
  );

  it.each([
    { auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '${CHECKING_API_KEY}' } },
    { auth: QUERY_KEY },
    { auth: { type: 'bearer', token: '${CHECKING_API_KEY}' } },
  ] as const)(
    'is let in with the right $auth.type credential ($auth.in) and refused a wrong one',
    async ({ auth }) => {
      // Prepare
      const credential =
        auth.type === 'bearer'
          ? ({ type: 'bearer', token: SECRET } as const)
          : ({ type: 'api_key', in: auth.in, name: auth.name, value: SECRET } as const);
      const api = await startApi({ credential });
      const style = STYLES[2];

      // Act
      const right = await extractAll(readerFor(api, style, { auth, env: { CHECKING_API_KEY: SECRET } }));
      const wrong = await extractAll(readerFor(api, style, { auth, env: { CHECKING_API_KEY: 'not-it' } }));
      const none = await extractAll(readerFor(api, style));

      // Assess
      expect(right.ids).toEqual(range(1, 45));
      expect(wrong.fetched.map((page) => page.status)).toEqual([401]);
      expect(none.fetched.map((page) => page.status)).toEqual([401]);
      expect(right.urls.filter((url) => url.includes(SECRET))).toEqual([]);
      expect(api.requests().map((request) => request.credential)).toEqual([
        ...Array(5).fill('accepted'),
        'wrong',
        'missing',
      ]);
    },
  );

  it.each([
    { route: 'page-number', pagination: { type: 'page_number' }, records: 'data', requests: 3 },
    {
      route: 'offset-total',
      pagination: { type: 'offset', pageSize: 1, total: 'total' },
      records: 'results',
      requests: 2,
    },
    {
      route: 'cursor',
      pagination: { type: 'cursor', param: 'cursor', next: 'meta.next_cursor' },
      records: 'data',
      requests: 2,
    },
  ] as const)(
    'reads only what changed since the cursor by $route, keeping it on every page',
    async (style) => {
      // Prepare: one item a page, so that the changes span pages.
      const api = await startApi({ pageSize: 1 });
      const updated = api.updateItem(3, { price: '9.99' });
      const added = api.addItem();

      // Act
      const { ids } = await extractAll(readerFor(api, style), {
        param: 'updated_since',
        value: updated.updated_at,
      });

      // Assess
      expect(ids).toEqual([3, added.id]);
      expect(api.requests()).toHaveLength(style.requests);
      expect(api.requests().map((request) => request.query.updated_since)).toEqual(
        Array(style.requests).fill(updated.updated_at),
      );
    },
  );

  it('names the unset variable before any request is made', async () => {
    const api = await startApi();
    const act = () =>
      createRestSourceReader(
        RestSourceSchema.parse({
          type: 'rest',
          baseUrl: '${CHECKING_API_URL}',
          auth: { type: 'bearer', token: '${CHECKING_TOKEN}' },
          pagination: { type: 'none' },
          resources: { items: { path: '/none/items' } },
        }),
        { CHECKING_API_URL: api.url },
      );
    expect(act).toThrow(
      expect.objectContaining({ name: 'MissingVariableError', variables: ['CHECKING_TOKEN'] }),
    );
    expect(api.requests()).toEqual([]);
  });
});
