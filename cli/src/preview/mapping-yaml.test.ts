import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftMapping } from './draft-mapping.ts';
import { inferResource } from './infer-lists.ts';
import { mappingYaml } from './mapping-yaml.ts';

const BOOKS = [
  { id: 1, title: 'Dune', price: '9.99', author: { name: 'Herbert' } },
  { id: 2, title: 'Emma', price: '12.50', author: { name: 'Austen' }, isbn: null },
];

/** Books with a list of authors (shared by two books), of tags and of reviews with no key. */
const BOOKS_WITH_LISTS = [
  {
    id: 1,
    title: 'Good Omens',
    authors: [
      { id: 11, name: 'Terry Pratchett' },
      { id: 12, name: 'Neil Gaiman' },
    ],
    tags: ['fantasy', 'comedy'],
    reviews: [{ stars: 5, text: 'great' }],
  },
  { id: 2, title: 'Mort', authors: [{ id: 11, name: 'Terry Pratchett' }], tags: [], reviews: [] },
];

const HEAD = {
  name: 'books',
  description: 'Books.',
  schedule: 'rate(1 day)',
  source: {
    type: 'rest',
    baseUrl: 'http://127.0.0.1:1/api',
    pagination: { type: 'none' },
    resources: { books: { path: '/books' } },
  },
};

describe('Function: mappingYaml()', () => {
  it('writes one line a column and a table, a comment where the page left a guess, and reads back as the draft', () => {
    // Prepare
    const draft = draftMapping('books', 'books', inferResource(BOOKS));

    // Act
    const text = mappingYaml([draft]);

    // Assess
    expect(text).toContain('      id: { from: id, type: int }\n');
    expect(text).toContain('      author_name: { from: author.name, type: string, length: 16 }\n');
    expect(text).toMatch(
      /isbn: \{ from: isbn, type: string, nullable: true \} # no value on this page.*; missing/,
    );
    expect(text).toContain('      price: { from: price, type: decimal, sql: "decimal(10,2)" }\n');
    expect(text).toContain('destination:\n  books: { primaryKey: [ id ] }\n');
    expect(parse(text)).toEqual({ transform: { books: draft.transform }, destination: draft.destination });
  });

  it('declares each column once: the tables list none, and the file validates with the types it says', async () => {
    // Prepare
    const draft = draftMapping('books', 'books', inferResource(BOOKS_WITH_LISTS));

    // Act
    const result = await parsePipelineYaml(mappingYaml([draft], HEAD), 'books.yaml');

    // Assess
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { destination } = result.pipeline;
    expect(destination.books?.columns).toEqual({
      id: { type: 'int', nullable: false },
      title: { type: 'varchar(32)', nullable: false },
    });
    expect(destination.authors?.columns).toEqual({
      id: { type: 'int', nullable: false },
      name: { type: 'varchar(32)', nullable: false },
    });
    expect(destination.book_tags?.columns).toEqual({
      book_id: { type: 'int', nullable: false },
      tag: { type: 'varchar(16)', nullable: false },
    });
  });
});

describe('Function: draftMapping()', () => {
  it('drafts a list of values, of entities with ids and of keyless objects as child tables', () => {
    // Act
    const draft = draftMapping('books', 'books', inferResource(BOOKS_WITH_LISTS));

    // Assess
    expect(Object.keys(draft.transform.columns as object)).toEqual(['id', 'title']);
    expect(draft.transform.children).toEqual([
      {
        table: 'authors',
        from: 'authors',
        columns: {
          id: { from: '$item.id', type: 'int' },
          name: { from: '$item.name', type: 'string', length: 32 },
        },
        link: {
          table: 'book_authors',
          columns: {
            book_id: { from: '$parent.id', type: 'int' },
            author_id: { from: '$item.id', type: 'int' },
          },
        },
      },
      {
        table: 'book_tags',
        from: 'tags',
        distinct: true,
        columns: {
          book_id: { from: '$parent.id', type: 'int' },
          tag: { from: '$item', type: 'string', length: 16 },
        },
      },
      {
        table: 'book_reviews',
        from: 'reviews',
        columns: {
          book_id: { from: '$parent.id', type: 'int' },
          stars: { from: '$item.stars', type: 'int' },
          text: { from: '$item.text', type: 'string', length: 16 },
        },
      },
    ]);
    expect(draft.destination).toEqual({
      books: { primaryKey: ['id'] },
      authors: { primaryKey: ['id'] },
      book_authors: { primaryKey: ['book_id', 'author_id'], writeMode: 'replace' },
      book_tags: { primaryKey: ['book_id', 'tag'], writeMode: 'replace' },
      book_reviews: { writeMode: 'replace' },
    });
  });

  it('keeps the prefix of the resource’s table on its children, and never reuses a table name', () => {
    // Prepare: a list named like the resource's own table.
    const records = [{ id: 1, shop_books: [{ id: 2 }] }];

    // Act
    const draft = draftMapping('books', 'shop_books', inferResource(records));

    // Assess
    expect(Object.keys(draft.destination)).toEqual(['shop_books', 'shop_shop_books', 'shop_book_shop_books']);
  });

  it('appends when no field tells the records apart, keeps lists as JSON then, and says so in the table', () => {
    // Prepare
    const records = [
      { kind: 'a', tags: ['x'] },
      { kind: 'a', tags: [] },
    ];
    const draft = draftMapping('events', 'events', inferResource(records));

    // Act
    const text = mappingYaml([draft], { name: 'events' }, 'Drafted from page 1');

    // Assess
    expect(draft.destination).toEqual({ events: { writeMode: 'append' } });
    expect(text).toMatch(/^# Drafted from page 1\n\nname: events\n/);
    expect(text).toContain(
      '  events: { writeMode: append } # no field tells the records of this page apart: appended; give a primaryKey to upsert\n',
    );
    expect(text).toContain('      tags: { from: tags, type: json } # a list: kept as JSON');
  });

  it('refuses a page with nothing to map', () => {
    // Act
    const act = () => draftMapping('events', 'events', inferResource([]));

    // Assess
    expect(act).toThrow('the page of events has no record fields to map');
  });
});
