import { SourceSchema } from '@sluice/contracts/pipeline-definition';
import { type CountingReply, type CountingServer, startCountingServer } from '@sluice/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { previewPage } from './preview-page.ts';

const servers: CountingServer[] = [];
const serve = async (reply: (url: URL) => CountingReply) => {
  const server = await startCountingServer(reply);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A draft: a name and a source, no transform yet. */
const draftOf = (source: Record<string, unknown>) => ({ name: 'draft', source: SourceSchema.parse(source) });

/** Books in pages of two, each page naming the next by cursor. */
const booksApi = (url: URL): CountingReply => {
  const cursor = Number(url.searchParams.get('cursor') ?? '0');
  const data = [cursor + 1, cursor + 2].map((id) => ({
    id,
    title: `Book ${id}`,
    author: { name: `A${id}` },
  }));
  const next = cursor < 4 ? String(cursor + 2) : null;
  return { status: 200, body: JSON.stringify({ data: { items: data }, meta: { next } }) };
};

const booksSource = (baseUrl: string) => ({
  type: 'rest',
  baseUrl,
  pagination: { type: 'cursor', param: 'cursor', next: 'meta.next' },
  records: 'data.items',
  resources: { books: { path: '/books' } },
});

describe('Function: previewPage()', () => {
  it('reads the records of page 1 at the records path, with the next page', async () => {
    // Prepare
    const api = await serve(booksApi);

    // Act
    const page = await previewPage(draftOf(booksSource(api.url)), 'books', { env: {} });

    // Assess
    expect(page).toMatchObject({ resource: 'books', page: 1, url: `${api.url}/books`, pagesTotal: null });
    expect(page.records).toEqual([
      { id: 1, title: 'Book 1', author: { name: 'A1' } },
      { id: 2, title: 'Book 2', author: { name: 'A2' } },
    ]);
    expect(page.nextUrl).toBe(`${api.url}/books?cursor=2`);
  });

  it('reaches page N through the pages before it, as a run does', async () => {
    // Prepare
    const api = await serve(booksApi);

    // Act
    const page = await previewPage(draftOf(booksSource(api.url)), 'books', { env: {}, page: 3 });

    // Assess
    expect(page.records).toMatchObject([{ id: 5 }, { id: 6 }]);
    expect(page.pagesTotal).toBe(3);
    expect(api.requests()).toEqual(['/books', '/books?cursor=2', '/books?cursor=4']);
  });

  it('goes straight to page N when page 1 says how many there are', async () => {
    // Prepare
    const api = await serve((url) => {
      const page = Number(url.searchParams.get('page'));
      return { status: 200, body: JSON.stringify({ info: { pages: 5 }, results: [{ page }] }) };
    });
    const source = {
      type: 'rest',
      baseUrl: api.url,
      pagination: { type: 'page_number', totalPages: 'info.pages' },
      records: 'results',
      resources: { items: { path: '/items' } },
    };

    // Act
    const page = await previewPage(draftOf(source), 'items', { env: {}, page: 4 });

    // Assess
    expect(page.records).toEqual([{ page: 4 }]);
    expect(api.requests()).toEqual(['/items?page=1', '/items?page=4']);
  });

  it('throws, naming the pages there are, for a page past the last', async () => {
    // Prepare
    const api = await serve(booksApi);

    // Act
    const act = previewPage(draftOf(booksSource(api.url)), 'books', { env: {}, page: 9 });

    // Assess
    await expect(act).rejects.toThrow('resource books has 3 pages: there is no page 9');
  });

  it('reads an HTML page with its selectors and cleaning steps', async () => {
    // Prepare
    const site = await serve(() => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<ul><li class="p"><b>Lamp</b> <i>$1,299.00</i></li><li class="p"><b>Desk</b> <i>$80</i></li></ul>',
    }));
    const source = {
      type: 'html',
      resources: {
        products: {
          startUrls: [`${site.url}/shop.html`],
          rowSelector: 'li.p',
          fields: { name: { selector: 'b' }, price: { selector: 'i', clean: ['to_number'] } },
        },
      },
    };

    // Act
    const page = await previewPage(draftOf(source), 'products', { env: {} });

    // Assess
    expect(page.records).toEqual([
      { name: 'Lamp', price: 1299 },
      { name: 'Desk', price: 80 },
    ]);
  });

  it('throws, naming the resources there are, for a resource the source does not have', async () => {
    // Act
    const act = previewPage(draftOf(booksSource('http://127.0.0.1:9')), 'authors', { env: {} });

    // Assess
    await expect(act).rejects.toThrow('pipeline draft has no resource authors (it has books)');
  });
});
