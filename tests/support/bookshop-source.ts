import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

type Reply = { status: number; headers?: Record<string, string>; body: string };

export interface Bookshop {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The path and query of every request so far. */
  requests: () => string[];
  close: () => Promise<void>;
}

export const BOOKSHOP_TOKEN = 'a-bookshop-token';

/**
 * The books the API serves, two pages by cursor; book 4 has no title, so a drafted mapping rejects it.
 * Authors are a list of entities with ids, Terry Pratchett's on both pages; tags a list of strings.
 */
export const BOOKS = [
  {
    id: 1,
    title: 'Dune',
    authors: [{ id: 10, name: 'Frank Herbert' }],
    tags: ['sf'],
    published: '1965-08-01',
    updatedAt: '2024-05-01T10:00:00Z',
  },
  {
    id: 2,
    title: 'Good Omens',
    authors: [
      { id: 11, name: 'Terry Pratchett' },
      { id: 12, name: 'Neil Gaiman' },
    ],
    tags: [],
    published: '1990-05-01',
    updatedAt: '2024-05-02T10:00:00Z',
  },
  {
    id: 3,
    title: 'Ulysses',
    authors: [{ id: 13, name: 'James Joyce' }],
    tags: ['novel', 'dublin', 'novel'],
    published: '1922-02-02',
    updatedAt: '2024-05-03T10:00:00Z',
  },
  {
    id: 4,
    title: null,
    authors: [{ id: 14, name: 'Anonymous' }],
    tags: [],
    published: '1900-01-01',
    updatedAt: '2024-05-04T10:00:00Z',
  },
  {
    id: 5,
    title: 'Mort',
    authors: [{ id: 11, name: 'Terry Pratchett' }],
    tags: ['fantasy'],
    published: '1987-11-12',
    updatedAt: '2024-05-05T10:00:00Z',
  },
];

const PAGE_SIZE = 3;

/** Products of the shop's two listing pages: prices as people write them, descriptions over lines. */
export const PRODUCTS = [
  [
    { id: 1, name: 'Lamp', price: '$1,299.00', description: 'Bright<br>and warm' },
    { id: 2, name: 'Desk', price: '$80.50', description: 'Oak,<br>two drawers' },
    { id: 3, name: 'Chair', price: '$5.25', description: 'Folding' },
  ],
  [
    { id: 4, name: 'Bookcase', price: '$12.99', description: 'Five<br>shelves' },
    { id: 5, name: 'Coat rack', price: '$7.00', description: 'Pine' },
  ],
];

const booksPage = (url: URL, request: IncomingMessage): Reply => {
  if (request.headers.authorization !== `Bearer ${BOOKSHOP_TOKEN}`) {
    return { status: 401, body: '{"error":"a bearer token is required"}' };
  }
  const cursor = Number(url.searchParams.get('cursor') ?? '0');
  const items = BOOKS.slice(cursor, cursor + PAGE_SIZE);
  const next = cursor + PAGE_SIZE < BOOKS.length ? String(cursor + PAGE_SIZE) : null;
  return { status: 200, body: JSON.stringify({ data: { items }, meta: { next_cursor: next } }) };
};

const shopPage = (url: URL): Reply => {
  const page = Number(url.searchParams.get('page') ?? '1');
  const products = (PRODUCTS[page - 1] ?? [])
    .map(
      (product) =>
        `<div class="product"><a class="name" href="/products/${product.id}.html">${product.name}</a>` +
        `<span class="price">${product.price}</span><p class="description">${product.description}</p></div>`,
    )
    .join('\n');
  const next = page < PRODUCTS.length ? `<a rel="next" href="/shop.html?page=${page + 1}">Next</a>` : '';
  const nav = '<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav>';
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html><body>${nav}<h1>Shop</h1><div class="products">${products}</div>${next}</body></html>`,
  };
};

/**
 * A bookshop on loopback, as a new user meets one: a JSON API (`/api/books`, a bearer token, cursor
 * pagination, records under `data.items`, lists of authors and tags) and an HTML shop (`/shop.html`, a listing over
 * two pages, prices like `$1,299.00`, descriptions with `<br>`, links to `/products/1.html`).
 */
export const startBookshop = async (): Promise<Bookshop> => {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    seen.push(`${url.pathname}${url.search}`);
    const reply: Reply =
      url.pathname === '/shop.html'
        ? shopPage(url)
        : url.pathname === '/api/books'
          ? booksPage(url, request)
          : { status: 404, body: '{"error":"not found"}' };
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() only stops accepting; keep-alive sockets would hold it open for seconds.
        server.closeAllConnections();
      }),
  };
};
