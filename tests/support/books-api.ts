// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the pipeline names its URL variable
import { type CountingServer, startCountingServer } from '@sluice/fixtures';

export interface BookRecord {
  id: number;
  title: string;
  authors: { id: number; name: string }[];
}

export interface BooksApi extends CountingServer {
  /** The books each page gives, page by page; tests edit them between runs. */
  pages: BookRecord[][];
}

/**
 * A books API on loopback as many give one: records under `data.items`, cursor pagination
 * (`meta.next_cursor`, sent back as `?cursor=`), each book with its authors nested, authors shared.
 */
export const startBooksApi = async (pages: BookRecord[][]): Promise<BooksApi> => {
  const api = { pages } as BooksApi;
  const server = await startCountingServer((url) => {
    if (url.pathname !== '/books') return { status: 404, body: '{"error":"not found"}' };
    const index = Number(url.searchParams.get('cursor') ?? '0');
    const items = api.pages[index];
    if (!items) return { status: 400, body: '{"error":"unknown cursor"}' };
    const next = index + 1 < api.pages.length ? String(index + 1) : null;
    return { status: 200, body: JSON.stringify({ data: { items }, meta: { next_cursor: next } }) };
  });
  return Object.assign(api, server);
};

/**
 * A pipeline over it that says each column once (its tables list none) and keeps the authors in a table
 * of their own, linked to the books through `book_authors`.
 */
export const booksPipeline = {
  name: 'books-entities',
  description: 'Books and their shared authors.',
  schedule: 'rate(1 day)',
  source: {
    type: 'rest',
    baseUrl: '${BOOKS_API_URL}',
    pagination: { type: 'cursor', param: 'cursor', next: 'meta.next_cursor' },
    records: 'data.items',
    resources: { books: { path: '/books' } },
  },
  transform: {
    books: {
      table: 'books',
      columns: { id: { from: 'id', type: 'int' }, title: { from: 'title', type: 'string' } },
      children: [
        {
          table: 'authors',
          from: 'authors',
          columns: {
            id: { from: '$item.id', type: 'int' },
            name: { from: '$item.name', type: 'string', length: 64 },
          },
          link: {
            table: 'book_authors',
            columns: {
              book_id: { from: '$parent.id', type: 'int' },
              author_id: { from: '$item.id', type: 'int' },
            },
          },
        },
      ],
    },
  },
  destination: {
    books: { primaryKey: ['id'] },
    authors: { primaryKey: ['id'] },
    book_authors: { primaryKey: ['book_id', 'author_id'], writeMode: 'replace' },
  },
};
