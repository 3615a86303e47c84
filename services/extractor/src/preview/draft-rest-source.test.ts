import { describe, expect, it } from 'vitest';
import { draftRestSource, resourceNameOf } from './draft-rest-source.ts';

const sample = (url: string, body: unknown, headers: Record<string, string> = {}) => ({
  url,
  body,
  headers: new Headers(headers),
});

describe('Function: draftRestSource()', () => {
  it('splits the URL at the resource, keeps its query as params, finds the records and a cursor', () => {
    // Prepare
    const body = { data: { items: [{ id: 1 }, { id: 2 }] }, meta: { next_cursor: 'abc' } };

    // Act
    const draft = draftRestSource(sample('http://127.0.0.1:8080/api/v2/books?lang=en', body));

    // Assess
    expect(draft).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/api/v2',
      resource: 'books',
      path: '/books',
      params: { lang: 'en' },
      records: 'data.items',
      pagination: { type: 'cursor', param: 'cursor', next: 'meta.next_cursor' },
    });
  });

  it('reads a body that is the array, paged by its Link header', () => {
    // Act
    const draft = draftRestSource(
      sample('http://h.test/repos', [{ id: 1 }], { link: '<http://h.test/repos?page=2>; rel="next"' }),
    );

    // Assess
    expect(draft).toMatchObject({
      records: null,
      pagination: { type: 'link_header' },
      baseUrl: 'http://h.test',
    });
  });

  it('takes a next URL, null on the last page too, over anything else', () => {
    // Act
    const draft = draftRestSource(
      sample('http://h.test/api/character', { info: { next: null, pages: 1 }, results: [{ id: 1 }] }),
    );

    // Assess
    expect(draft).toMatchObject({ records: 'results', pagination: { type: 'next_url', next: 'info.next' } });
  });

  it('pages by number, with the page count the body gives, and leaves the page parameter out of params', () => {
    // Act
    const draft = draftRestSource(
      sample('http://h.test/items?page=1&sort=name', { meta: { total_pages: 4 }, data: [{ id: 1 }] }),
    );

    // Assess
    expect(draft).toMatchObject({
      params: { sort: 'name' },
      pagination: { type: 'page_number', param: 'page', start: 1, totalPages: 'meta.total_pages' },
    });
  });

  it('pages by offset when the URL has a limit, with the total the body gives', () => {
    // Act
    const draft = draftRestSource(
      sample('http://h.test/assets?limit=50', { total: 120, results: [{ id: 'a' }] }),
    );

    // Assess
    expect(draft.pagination).toEqual({
      type: 'offset',
      offsetParam: 'offset',
      limitParam: 'limit',
      pageSize: 50,
      total: 'total',
    });
    expect(draft.params).toEqual({});
  });

  it('reads one request when the page shows no sign of more, and picks the longest array of records', () => {
    // Act
    const draft = draftRestSource(
      sample('http://h.test/shop', { tags: [{ a: 1 }], products: [{ id: 1 }, { id: 2 }] }),
    );

    // Assess
    expect(draft).toMatchObject({ records: 'products', pagination: { type: 'none' } });
  });

  it('throws when the page holds no array of records', () => {
    // Act
    const act = () => draftRestSource(sample('http://h.test/status', { ok: true, names: ['a'] }));

    // Assess
    expect(act).toThrow('GET http://h.test/status gave no array of records (objects)');
  });
});

describe('Function: resourceNameOf()', () => {
  it('names the resource after the last segment of the path, without its extension', () => {
    // Assess
    expect(resourceNameOf('/api/Book-Reviews.json')).toBe('book-reviews');
    expect(resourceNameOf('/')).toBe('records');
    expect(resourceNameOf('/v1/2024')).toBe('records');
  });
});
