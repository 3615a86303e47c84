import { describe, expect, it } from 'vitest';
import { type PipelineDraft, parsePipelineDraft } from './read-pipeline-draft.ts';

const FILE = 'pipelines/books.yaml';

const SOURCE = `name: books
description: Books and authors.
schedule: rate(1 day)
source:
  type: rest
  baseUrl: http://127.0.0.1:8080/api
  pagination: { type: none }
  records: data
  resources:
    books: { path: /books }
    authors: { path: /authors }
`;

const BOOKS_MAPPING = `transform:
  books:
    table: books
    columns:
      id: { from: id, type: int }
      title: { from: title, type: string }
destination:
  books:
    columns:
      id: int
      title: varchar(255)
    primaryKey: [id]
`;

const draftOf = async (text: string): Promise<PipelineDraft> => {
  const result = await parsePipelineDraft(text, FILE);
  if (!result.ok) throw new Error(`expected a draft, got ${JSON.stringify(result.errors)}`);
  return result.draft;
};

describe('Function: parsePipelineDraft()', () => {
  it('reads a file with a source and nothing else: every mapping missing, the file not yet valid', async () => {
    // Act
    const draft = await draftOf(SOURCE);

    // Assess
    expect(draft).toMatchObject({ name: 'books', pipeline: null });
    expect(draft.source.type).toBe('rest');
    expect(draft.mappings).toEqual({ books: { status: 'missing' }, authors: { status: 'missing' } });
    expect(draft.errors.map((error) => error.path)).toContain('transform');
  });

  it('checks one resource’s mapping while another has none yet', async () => {
    // Act
    const draft = await draftOf(SOURCE + BOOKS_MAPPING);

    // Assess
    expect(draft.mappings.authors).toEqual({ status: 'missing' });
    const books = draft.mappings.books;
    expect(books?.status).toBe('valid');
    if (books?.status !== 'valid') return;
    expect(Object.keys(books.pipeline.source.resources)).toEqual(['books']);
    expect(Object.keys(books.pipeline.destination)).toEqual(['books']);
    expect(draft.pipeline).toBeNull();
    expect(draft.errors).toEqual([
      expect.objectContaining({
        path: 'source.resources.authors',
        message: "resource 'authors' is extracted but has no transform: add transform.authors",
      }),
    ]);
  });

  it('gives a mapping’s errors at their line in the file', async () => {
    // Prepare
    const text = SOURCE + BOOKS_MAPPING.replace('title: varchar(255)', 'name: varchar(255)');

    // Act
    const draft = await draftOf(text);

    // Assess
    const books = draft.mappings.books;
    expect(books?.status).toBe('invalid');
    if (books?.status !== 'invalid') return;
    const line = text.split('\n').findIndex((row) => row.includes('title: { from')) + 1;
    expect(books.errors).toContainEqual(
      expect.objectContaining({
        line,
        path: 'transform.books.columns.title',
        message: "'title' is not a column of destination table 'books' (id, name)",
      }),
    );
  });

  it('takes a draft without a description or schedule: its mapping is checked all the same', async () => {
    // Prepare
    const text = (SOURCE + BOOKS_MAPPING).replace(/^description: .*\n^schedule: .*\n/m, '');

    // Act
    const draft = await draftOf(text);

    // Assess
    expect(draft.mappings.books?.status).toBe('valid');
    expect(draft.errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['description', 'schedule']),
    );
  });

  it('is the whole pipeline once the file is valid', async () => {
    // Prepare
    const text = `${SOURCE.replace('    authors: { path: /authors }\n', '')}${BOOKS_MAPPING}`;

    // Act
    const draft = await draftOf(text);

    // Assess
    expect(draft.errors).toEqual([]);
    expect(draft.pipeline?.transform.books).toBeDefined();
  });

  it('keeps the link table of an entity child with the resource it belongs to', async () => {
    // Prepare: authors of each book as entities of their own, tables declared once in the transform.
    const text = `${SOURCE}transform:
  books:
    table: books
    columns:
      id: { from: id, type: int }
    children:
      - table: writers
        from: writers
        columns:
          id: { from: $item.id, type: int }
        link:
          table: book_writers
          columns:
            book_id: { from: $parent.id, type: int }
            writer_id: { from: $item.id, type: int }
destination:
  books: { primaryKey: [id] }
  writers: { primaryKey: [id] }
  book_writers: { primaryKey: [book_id, writer_id], writeMode: replace }
`;

    // Act
    const draft = await draftOf(text);

    // Assess
    const books = draft.mappings.books;
    expect(books?.status).toBe('valid');
    if (books?.status !== 'valid') return;
    expect(Object.keys(books.pipeline.destination)).toEqual(['books', 'writers', 'book_writers']);
  });

  it('refuses a file whose source cannot be read, with the errors of the source', async () => {
    // Prepare
    const text = SOURCE.replace('type: rest', 'type: soap');

    // Act
    const result = await parsePipelineDraft(text, FILE);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 5,
        path: 'source.type',
        message: expect.stringContaining("not 'soap'"),
      }),
    ]);
  });
});
