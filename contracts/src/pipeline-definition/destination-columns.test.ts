import { describe, expect, it } from 'vitest';
import { describeIssues, formatPath } from './describe-issues.ts';
import { derivedColumnOf, resolveDestination } from './destination-columns.ts';
import { PipelineDefinitionSchema } from './pipeline.ts';
import { ColumnMappingSchema, type ResourceTransform } from './transform.ts';

// biome-ignore lint/suspicious/noExplicitAny: each test reaches into the fixture to break one thing
type Loose = Record<string, any>;

const mapping = (input: Loose) => ColumnMappingSchema.parse(input);

/** Books whose tables list no columns: every type is said once, in the transform. */
const booksPipeline = (): Loose => ({
  name: 'books',
  description: 'Books and their prices.',
  schedule: 'rate(1 day)',
  source: {
    type: 'rest',
    baseUrl: 'https://books.test/api',
    pagination: { type: 'none' },
    resources: { books: { path: '/books' } },
  },
  transform: {
    books: {
      table: 'books',
      columns: {
        id: { from: 'id', type: 'int' },
        title: { from: 'title', type: 'string', length: 512 },
        price: { from: 'price', type: 'decimal', sql: 'decimal(10,2)' },
        published_on: { from: 'published', type: 'date', nullable: true },
      },
      children: [
        {
          table: 'book_tags',
          from: 'tags',
          columns: { book_id: { from: '$parent.id', type: 'int' }, tag: { from: '$item', type: 'string' } },
        },
      ],
    },
  },
  destination: {
    books: { primaryKey: ['id'] },
    book_tags: { primaryKey: ['book_id', 'tag'], writeMode: 'replace' },
  },
});

const problemsOf = (input: Loose): string[] => {
  const result = PipelineDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return describeIssues(result.error.issues, input).map(
    ({ path, message }) => `${formatPath(path)}: ${message}`,
  );
};

describe('Function: derivedColumnOf()', () => {
  it('gives each value type its default column, NOT NULL unless the value is nullable', () => {
    // Act
    const columns = Object.fromEntries(
      ['string', 'int', 'decimal', 'boolean', 'date', 'datetime', 'id_from_url', 'json'].map((type) => [
        type,
        derivedColumnOf(mapping({ from: 'x', type })),
      ]),
    );

    // Assess
    expect(columns).toEqual({
      string: { type: 'varchar(255)', nullable: false },
      int: { type: 'int', nullable: false },
      decimal: { type: 'decimal(38,18)', nullable: false },
      boolean: { type: 'boolean', nullable: false },
      date: { type: 'date', nullable: false },
      datetime: { type: 'datetime(3)', nullable: false },
      id_from_url: { type: 'int', nullable: false },
      json: { type: 'json', nullable: false },
    });
    expect(derivedColumnOf(mapping({ from: 'x', type: 'int', nullable: true }))).toEqual({
      type: 'int',
      nullable: true,
    });
  });

  it('takes a string length as varchar(length), and sql as it is', () => {
    expect(derivedColumnOf(mapping({ from: 'x', type: 'string', length: 64 })).type).toBe('varchar(64)');
    expect(derivedColumnOf(mapping({ from: 'x', type: 'string', sql: 'text' })).type).toBe('text');
    expect(derivedColumnOf(mapping({ from: 'x', type: 'decimal', sql: 'decimal(10,2)' })).type).toBe(
      'decimal(10,2)',
    );
  });
});

describe('Function: resolveDestination()', () => {
  const transform = (columns: Loose): Record<string, ResourceTransform> => ({
    books: {
      table: 'books',
      columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, mapping(v)])),
    },
  });

  it('derives the columns of a table that lists none, in the order the transform maps them', () => {
    // Act
    const resolved = resolveDestination({
      transform: transform({ title: { from: 'title', type: 'string' }, id: { from: 'id', type: 'int' } }),
      destination: { books: { primaryKey: ['id'], writeMode: 'upsert' } },
    });

    // Assess
    expect(resolved.issues).toEqual([]);
    expect(resolved.destination.books?.columns).toEqual({
      title: { type: 'varchar(255)', nullable: false },
      id: { type: 'int', nullable: false },
    });
    expect(Object.keys(resolved.derivedFrom)).toEqual(['books']);
  });

  it('keeps the columns a table lists, whatever its transform says', () => {
    // Act
    const resolved = resolveDestination({
      transform: transform({ id: { from: 'id', type: 'int' } }),
      destination: { books: { columns: { id: { type: 'bigint', nullable: false } }, writeMode: 'append' } },
    });

    // Assess
    expect(resolved.destination.books?.columns).toEqual({ id: { type: 'bigint', nullable: false } });
    expect(resolved.derivedFrom).toEqual({});
  });
});

describe('Schema: PipelineDefinitionSchema, with columns said once', () => {
  it('parses a pipeline whose tables list no columns into tables with every column', () => {
    // Act
    const pipeline = PipelineDefinitionSchema.parse(booksPipeline());

    // Assess
    expect(pipeline.destination.books).toEqual({
      columns: {
        id: { type: 'int', nullable: false },
        title: { type: 'varchar(512)', nullable: false },
        price: { type: 'decimal(10,2)', nullable: false },
        published_on: { type: 'date', nullable: true },
      },
      primaryKey: ['id'],
      writeMode: 'upsert',
    });
    expect(pipeline.destination.book_tags?.columns).toEqual({
      book_id: { type: 'int', nullable: false },
      tag: { type: 'varchar(255)', nullable: false },
    });
  });

  it('checks keys against the derived columns, saying where they come from', () => {
    // Prepare
    const input = booksPipeline();
    input.destination.books.primaryKey = ['isbn'];
    input.destination.books.indexes = { books_published_on_idx: ['published_on'] };
    input.transform.books.columns.published_on.sql = 'text';
    input.transform.books.columns.published_on.type = 'string';

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      "destination.books.primaryKey[0]: 'isbn' is not a column of this table (its columns are those of transform.books.columns: id, title, price, published_on)",
      "destination.books.indexes.books_published_on_idx[0]: 'published_on' is text and cannot be in a key",
    ]);
  });

  it('refuses a column type said in both the transform and a table that lists its columns', () => {
    // Prepare
    const input = booksPipeline();
    input.destination.books.columns = {
      id: 'int',
      title: 'varchar(512)',
      price: 'decimal(10,2)',
      published_on: { type: 'date', nullable: true },
    };

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      "transform.books.columns.title.length: destination.books lists its columns, where books.title is varchar(512): say a column's type in one place, so drop length here or the table's columns",
      "transform.books.columns.price.sql: destination.books lists its columns, where books.price is decimal(10,2): say a column's type in one place, so drop sql here or the table's columns",
    ]);
  });

  it('refuses sql that does not fit the value, and length on anything but a string', () => {
    // Prepare
    const input = booksPipeline();
    input.transform.books.columns.price.sql = 'varchar(16)';
    input.transform.books.columns.id.length = 10;
    input.transform.books.columns.title.sql = 'text';

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      'transform.books.columns.id.length: length applies to string values (it makes varchar(length)); for int values give sql',
      'transform.books.columns.title.length: give either length or sql, not both: sql: varchar(512) says both',
      'transform.books.columns.price.sql: a decimal value cannot go into varchar(16) (decimal fits decimal)',
    ]);
  });

  it('needs the columns listed where a module writes the table, or several mappings fill it', () => {
    // Prepare
    const input = booksPipeline();
    input.source.resources.authors = { path: '/authors' };
    input.transform.authors = { module: 'book-authors', tables: ['authors'] };
    input.destination.authors = { primaryKey: ['id'] };
    input.transform.books.children.push({
      table: 'book_tags',
      from: 'labels',
      columns: { book_id: { from: '$parent.id', type: 'int' }, tag: { from: '$item', type: 'string' } },
    });

    // Act / Assess
    expect(problemsOf(input)).toEqual([
      "destination.book_tags: 'book_tags' is filled by transform.books.children[0] and transform.books.children[1]: list its columns in destination.book_tags.columns, so that they agree",
      "destination.authors: 'authors' is written by module book-authors, whose columns a pipeline file cannot see: list them in destination.authors.columns",
    ]);
  });
});
