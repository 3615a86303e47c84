import { type PipelineDefinition, PipelineDefinitionSchema } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { compileResourceTransform } from './compile-resource-transform.ts';

// biome-ignore lint/suspicious/noExplicitAny: records are loose on purpose
type Loose = Record<string, any>;

/** Books whose authors, shared by many books, are a table of their own beside the book-author links. */
const booksPipeline = (): PipelineDefinition =>
  PipelineDefinitionSchema.parse({
    name: 'books',
    description: 'Books and their authors.',
    schedule: 'rate(1 day)',
    source: {
      type: 'rest',
      baseUrl: 'https://books.test/api',
      pagination: { type: 'none' },
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
              name: { from: '$item.name', type: 'string', length: 16 },
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
  });

const book = (id: number, authors: unknown, overrides: Loose = {}): Loose => ({
  id,
  title: `Book ${id}`,
  authors,
  ...overrides,
});

const transformBooks = (records: unknown[]) =>
  compileResourceTransform(booksPipeline(), 'books').transformPage(records);

describe('Function: compileResourceTransform(), entity children', () => {
  it('gives an author shared by two books one row, and each book its link', () => {
    // Act
    const page = transformBooks([
      book(1, [
        { id: 7, name: 'Ann' },
        { id: 8, name: 'Bob' },
      ]),
      book(2, [{ id: 7, name: 'Ann' }]),
    ]);

    // Assess
    expect(page.rejected).toEqual([]);
    expect(page.tables).toEqual({
      books: [
        { id: 1, title: 'Book 1' },
        { id: 2, title: 'Book 2' },
      ],
      authors: [
        { id: 7, name: 'Ann' },
        { id: 8, name: 'Bob' },
      ],
      book_authors: [
        { book_id: 1, author_id: 7 },
        { book_id: 1, author_id: 8 },
        { book_id: 2, author_id: 7 },
      ],
    });
    expect(page.replace).toEqual({ book_authors: { columns: ['book_id'], keys: [[1], [2]] } });
  });

  it('keeps the last row of an entity the page gives twice, where the first one stood', () => {
    // Act
    const page = transformBooks([
      book(1, [{ id: 7, name: 'Ann' }]),
      book(2, [{ id: 8, name: 'Bob' }]),
      book(3, [{ id: 7, name: 'Ann Lee' }]),
    ]);

    // Assess
    expect(page.tables.authors).toEqual([
      { id: 7, name: 'Ann Lee' },
      { id: 8, name: 'Bob' },
    ]);
  });

  it('gives a book that lists an author twice one link, and a book without authors none', () => {
    // Act
    const page = transformBooks([
      book(1, [
        { id: 7, name: 'Ann' },
        { id: 7, name: 'Ann' },
      ]),
      book(2, []),
    ]);

    // Assess
    expect(page.tables.book_authors).toEqual([{ book_id: 1, author_id: 7 }]);
    expect(page.replace.book_authors?.keys).toEqual([[1], [2]]);
  });

  it('rejects a book whole for one bad author, entities included, naming the element once per table', () => {
    // Prepare
    const authors = [{ id: 9, name: 'Cy' }, { name: 'A name far too long for the column' }];

    // Act
    const page = transformBooks([book(1, [{ id: 7, name: 'Ann' }]), book(2, authors), book(3, undefined)]);

    // Assess
    expect(page.rejected.map(({ index, reason }) => [index, reason.split('; ')])).toEqual([
      [
        1,
        [
          'authors[1]: id (from $item.id): missing from the record',
          'authors[1]: name (from $item.name): 34 characters, more than varchar(16) holds',
          'authors[1]: author_id (from $item.id): missing from the record',
        ],
      ],
      [2, ['authors: missing from the record']],
    ]);
    expect(page.tables.authors).toEqual([{ id: 7, name: 'Ann' }]);
    expect(page.tables.book_authors).toEqual([{ book_id: 1, author_id: 7 }]);
  });
});
