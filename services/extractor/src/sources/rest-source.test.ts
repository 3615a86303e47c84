// biome-ignore-all lint/suspicious/noTemplateCurlyInString: pipeline files write ${VAR} references, as these tests do
import { readFile } from 'node:fs/promises';
import {
  MissingVariableError,
  parsePipelineYaml,
  type RestSource,
  RestSourceSchema,
} from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { createRestSourceReader } from './rest-source.ts';

const restSourceOf = async (pipeline: string): Promise<RestSource> => {
  const file = new URL(`../../../../pipelines/${pipeline}.yaml`, import.meta.url);
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), `${pipeline}.yaml`);
  if (!result.ok || result.pipeline.source.type !== 'rest')
    throw new Error(`${pipeline}.yaml is not a rest pipeline`);
  return result.pipeline.source;
};

const sourceOf = (source: Record<string, unknown>): RestSource =>
  RestSourceSchema.parse({
    type: 'rest',
    baseUrl: 'https://api.test/v1/',
    pagination: { type: 'page_number', totalPages: 'info.pages' },
    records: 'results',
    resources: { items: { path: '/items' } },
    ...source,
  });

const pageInput = (body: string, headers = new Headers()) => ({
  resource: 'items',
  page: 1,
  url: 'https://api.test/v1/items?page=1',
  body,
  headers,
});

describe('Function: createRestSourceReader()', () => {
  it('reads the Rick and Morty pipeline as the hand-written source did', async () => {
    // Prepare
    const reader = createRestSourceReader(await restSourceOf('rickandmorty'), {});
    const body = JSON.stringify({ info: { count: 45, pages: 3, next: null, prev: null }, results: [{}, {}] });

    // Act
    const first = reader.firstPageUrl('location');
    const page = reader.readPage({ ...pageInput(body), resource: 'location', url: first });

    // Assess
    expect(first).toBe('https://rickandmortyapi.com/api/location?page=1');
    expect(page).toEqual({
      recordCount: 2,
      pagesTotal: 3,
      nextUrl: null,
      fanOut: [
        'https://rickandmortyapi.com/api/location?page=2',
        'https://rickandmortyapi.com/api/location?page=3',
      ],
    });
  });

  it('treats a truncated body as retryable and a body without records as final', async () => {
    const reader = createRestSourceReader(await restSourceOf('rickandmorty'), {});
    const read = (body: string) => () => reader.readPage({ ...pageInput(body), resource: 'character' });
    expect(read('{"info": {"count"')).toThrow(
      expect.objectContaining({ name: 'SourceError', retryable: true }),
    );
    expect(read('{"error": "There is nothing here"}')).toThrow(
      expect.objectContaining({
        retryable: false,
        message: "GET https://api.test/v1/items?page=1 returned no array of records at 'results'",
      }),
    );
    expect(read('{"results": [], "info": {}}')).toThrow(expect.objectContaining({ retryable: false }));
  });

  it('reads CoinCap with the key from the environment, in a header only', async () => {
    // Prepare
    const env = { COINCAP_API_KEY: 'ck-secret' };

    // Act
    const reader = createRestSourceReader(await restSourceOf('coincap'), env);
    const first = reader.firstPageUrl('assets');

    // Assess
    expect(first).toBe('https://rest.coincap.io/v3/assets?offset=0&limit=1000');
    expect(reader.authorise(first)).toEqual({ url: first, headers: { authorization: 'Bearer ck-secret' } });
    expect(reader.credentialVariables).toEqual(['COINCAP_API_KEY']);
  });

  it('fails at creation when a variable without default is unset, naming it', async () => {
    const source = await restSourceOf('coincap');
    expect(() => createRestSourceReader(source, {})).toThrow(MissingVariableError);
    expect(() => createRestSourceReader(source, { COINCAP_API_KEY: '' })).toThrow(
      expect.objectContaining({ variables: ['COINCAP_API_KEY'] }),
    );
    expect(() =>
      createRestSourceReader(
        sourceOf({ baseUrl: '${API_URL}', resources: { a: { path: '/${API_PATH}' } } }),
        {
          API_URL: 'https://x.test',
        },
      ),
    ).toThrow(expect.objectContaining({ variables: ['API_PATH'] }));
  });

  it("builds page 1 from the resource's path, params, overrides and the incremental cursor", () => {
    // Prepare
    const reader = createRestSourceReader(
      sourceOf({
        baseUrl: '${API_URL:-https://api.test/v1/}',
        headers: { 'user-agent': 'sluice/${VERSION:-dev}' },
        resources: {
          items: { path: '/items', params: { status: 'active', include_deleted: false, size: 50 } },
          logs: {
            path: '/logs',
            pagination: { type: 'offset', pageSize: 25 },
            records: 'data.entries',
          },
        },
      }),
      { VERSION: '1.2' },
    );

    // Act
    const items = reader.firstPageUrl('items', { param: 'updated_since', value: '2024-05-01T00:00:00Z' });
    const logs = reader.firstPageUrl('logs', { param: 'since_id', value: 42 });

    // Assess
    expect(items).toBe(
      'https://api.test/v1/items?status=active&include_deleted=false&size=50&updated_since=2024-05-01T00%3A00%3A00Z&page=1',
    );
    expect(logs).toBe('https://api.test/v1/logs?since_id=42&offset=0&limit=25');
    expect(reader.recordsOf('logs', { data: { entries: [1, 2] } })).toEqual([1, 2]);
    expect(reader.recordsOf('items', { data: { entries: [1, 2] } })).toBeNull();
    expect(reader.authorise(items)).toEqual({ url: items, headers: { 'user-agent': 'sluice/1.2' } });
    expect(reader.credentialVariables).toEqual([]);
  });

  it('reads a bare array as the records when no records path is given', () => {
    const reader = createRestSourceReader(sourceOf({ records: undefined, pagination: { type: 'none' } }), {});
    expect(reader.readPage(pageInput('[1,2,3]'))).toEqual({
      recordCount: 3,
      pagesTotal: 1,
      nextUrl: null,
      fanOut: [],
    });
    expect(() => reader.readPage(pageInput('{"results": []}'))).toThrow(
      expect.objectContaining({ retryable: false, message: expect.stringMatching(/as the body$/) }),
    );
  });

  it('drops a query credential the API echoes into its next link, and adds it back only to send', () => {
    // Prepare
    const reader = createRestSourceReader(
      sourceOf({
        auth: { type: 'api_key', in: 'query', name: 'apikey', value: '${KEY}' },
        pagination: { type: 'next_url', next: 'next' },
      }),
      { KEY: 'k-secret' },
    );
    const body = JSON.stringify({ results: [1], next: 'https://api.test/v1/items?page=2&apikey=k-secret' });

    // Act
    const page = reader.readPage(pageInput(body));
    const request = reader.authorise(page.nextUrl as string);

    // Assess
    expect(page.nextUrl).toBe('https://api.test/v1/items?page=2');
    expect(request).toEqual({ url: 'https://api.test/v1/items?page=2&apikey=k-secret', headers: {} });
  });

  it('refuses to follow a link to another host when it would carry the credential there', () => {
    const reader = createRestSourceReader(
      sourceOf({ auth: { type: 'bearer', token: '${TOKEN}' }, pagination: { type: 'link_header' } }),
      { TOKEN: 't' },
    );
    const headers = new Headers({ link: '<https://evil.test/items?page=2>; rel="next"' });
    expect(() => reader.readPage(pageInput('{"results": [1]}', headers))).toThrow(
      expect.objectContaining({ retryable: false, message: expect.stringMatching(/evil\.test.*credential/) }),
    );
  });

  it('refuses a base URL from the environment that is not http(s)', () => {
    const source = sourceOf({ baseUrl: '${API_URL}' });
    expect(() => createRestSourceReader(source, { API_URL: 'ftp://x.test' })).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: "baseUrl resolves to 'ftp://x.test', which is not an http(s) URL",
      }),
    );
    expect(() => createRestSourceReader(source, { API_URL: 'localhost:3000' })).toThrow(
      /not an http\(s\) URL/,
    );
  });

  it('says so when asked for a resource the source does not have', () => {
    const reader = createRestSourceReader(sourceOf({}), {});
    expect(() => reader.firstPageUrl('nope')).toThrow("the source has no resource 'nope'");
  });
});
