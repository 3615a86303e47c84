import { describe, expect, it } from 'vitest';
import { describeIssues, formatPath } from './describe-issues.ts';
import { PipelineDefinitionSchema } from './pipeline.ts';

// biome-ignore lint/suspicious/noExplicitAny: each test reaches into the fixture to break one thing
type Loose = Record<string, any>;

/** Books whose authors, shared by many books, are a table of their own beside the book-author links. */
const booksPipeline = (): Loose => ({
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
          columns: { id: { from: '$item.id', type: 'int' }, name: { from: '$item.name', type: 'string' } },
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

const problemsOf = (input: Loose): string[] => {
  const result = PipelineDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return describeIssues(result.error.issues, input).map(
    ({ path, message }) => `${formatPath(path)}: ${message}`,
  );
};

describe('Schema: PipelineDefinitionSchema, entity children', () => {
  it('parses an entity child and its link into two tables, their columns derived from each', () => {
    // Act
    const pipeline = PipelineDefinitionSchema.parse(booksPipeline());

    // Assess
    expect(pipeline.destination.authors).toEqual({
      columns: { id: { type: 'int', nullable: false }, name: { type: 'varchar(255)', nullable: false } },
      primaryKey: ['id'],
      writeMode: 'upsert',
    });
    expect(pipeline.destination.book_authors?.columns).toEqual({
      book_id: { type: 'int', nullable: false },
      author_id: { type: 'int', nullable: false },
    });
  });

  it("keeps an entity's columns to its element, and needs its link to name both the parent and the entity", () => {
    // Prepare
    const input = booksPipeline();
    const [child] = input.transform.books.children;
    child.columns.book_id = { from: '$parent.id', type: 'int' };
    child.link.columns = { author_id: { from: '$item.id', type: 'int' } };
    input.destination.book_authors.primaryKey = ['author_id'];

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      "transform.books.children[0].columns.book_id.from: an entity's columns come from its element alone ('$item' or '$item.<path>'), so that every parent listing it gives the same row; the parent's part goes in link.columns",
      "transform.books.children[0].link.columns: a child table needs a column from its parent, e.g. character_id: { from: '$parent.id', type: int }",
    ]);

    // Prepare: a link of the parent alone.
    const parentOnly = booksPipeline();
    parentOnly.transform.books.children[0].link.columns = { book_id: { from: '$parent.id', type: 'int' } };
    parentOnly.destination.book_authors.primaryKey = ['book_id'];

    // Act / Assess
    expect(problemsOf(parentOnly)).toEqual([
      "transform.books.children[0].link.columns: a link needs a column from the entity, e.g. author_id: { from: '$item.id', type: int }",
    ]);
  });

  it('upserts an entity table on its key, and nothing else', () => {
    // Prepare
    const input = booksPipeline();
    input.destination.authors = { writeMode: 'append' };

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      "destination.authors.writeMode: 'authors' holds the entities of a child list, one row per key however many parents list it: use writeMode: upsert",
    ]);
  });

  it('refuses distinct on an entity, which is one row per key already, and a link into the entity table', () => {
    // Prepare
    const input = booksPipeline();
    input.transform.books.children[0].distinct = true;
    input.transform.books.children[0].link.table = 'authors';
    delete input.destination.book_authors;

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      'transform.books.children[0].distinct: an entity table keeps one row per key already (the last one of a page wins); drop distinct',
      "transform.books.children[0].link.table: the link table must be another table than the entity table 'authors'",
      "destination.authors: 'authors' is filled by transform.books.children[0] and transform.books.children[0].link: list its columns in destination.authors.columns, so that they agree",
    ]);
  });
});
