import { describe, expect, it } from 'vitest';
import { cellOf, formatPreview, type PagePreview, recordsTable } from './format-preview.ts';

/** A preview of page 1 of books, records and mapping given by each test. */
const previewOf = (overrides: Partial<PagePreview>): PagePreview => ({
  pipeline: 'books',
  resource: 'books',
  sourceType: 'rest',
  page: 1,
  url: 'http://127.0.0.1:8080/books',
  nextUrl: 'http://127.0.0.1:8080/books?cursor=3',
  pagesTotal: null,
  records: [],
  mapping: { status: 'missing' },
  ...overrides,
});

const COMMAND = 'npx sluice preview books';

describe('Function: recordsTable()', () => {
  it('shows nested fields as dot paths, in order of first appearance, a missing one as an empty cell', () => {
    // Act
    const table = recordsTable([
      { id: 1, author: { name: 'Le Guin' }, tags: ['sf'] },
      { id: 2, author: null, extra: true },
    ]);

    // Assess
    expect(table.split('\n')).toEqual([
      '  id  author.name  tags    author  extra',
      '  1   Le Guin      ["sf"]',
      '  2                        null    true',
    ]);
  });
});

describe('Function: cellOf()', () => {
  it('cuts a long value and shows line breaks, so a row stays one line', () => {
    // Assess
    expect(cellOf('Line one\nLine two')).toBe('Line one⏎Line two');
    expect(cellOf('x'.repeat(50))).toBe(`${'x'.repeat(39)}…`);
    expect(cellOf(undefined)).toBe('');
    expect(cellOf(null)).toBe('null');
  });
});

describe('Function: formatPreview()', () => {
  it('says where the page came from, shows the first records and points to --infer when there is no mapping', () => {
    // Prepare
    const records = [{ id: 1 }, { id: 2 }, { id: 3 }];

    // Act
    const text = formatPreview(previewOf({ records }), 2, COMMAND);

    // Assess
    expect(text).toBe(
      [
        'books books (rest), page 1: http://127.0.0.1:8080/books; next: http://127.0.0.1:8080/books?cursor=3',
        'Records: the first 2 of 3 records, nested fields as paths',
        '  id',
        '  1',
        '  2',
        '',
        'No transform.books yet: `npx sluice preview books --infer` drafts one from this page.',
        '',
      ].join('\n'),
    );
  });

  it('shows the rows of each table and every rejected record with its reason', () => {
    // Prepare
    const preview = previewOf({
      records: [
        { id: 1, title: 'Dune' },
        { id: 2, title: null },
      ],
      pagesTotal: 4,
      mapping: {
        status: 'applied',
        tables: { books: [{ id: 1, title: 'Dune' }], book_tags: [] },
        rejected: [{ index: 1, reason: 'title (from title): required, got null', record: { id: 2 } }],
      },
    });

    // Act
    const text = formatPreview(preview, 10, COMMAND);

    // Assess
    expect(text).toContain('page 1 of 4');
    expect(text).toContain(
      [
        'transform.books makes of the 2 records:',
        'books: 1 row',
        '  id  title',
        '  1   Dune',
        'book_tags: 0 rows',
        'Rejected: 1 record (record: its position on the page, from 0)',
        '  record  reason',
        '  1       title (from title): required, got null',
      ].join('\n'),
    );
  });

  it('says why a mapping cannot be applied yet, each error where it is in the file', () => {
    // Prepare
    const errors = [
      {
        file: 'pipelines/books.yaml',
        line: 14,
        column: 7,
        path: 'transform.books.columns.title',
        message: 'no',
      },
    ];

    // Act
    const text = formatPreview(previewOf({ mapping: { status: 'invalid', errors } }), 10, COMMAND);

    // Assess
    expect(text).toContain(
      'transform.books cannot be applied yet (`npx sluice validate` checks the whole file):\n' +
        '  pipelines/books.yaml:14:7 transform.books.columns.title: no\n',
    );
    expect(text).toContain('Records: 0 records\n');
  });

  it('ends with the drafted mapping when one was inferred', () => {
    // Act
    const text = formatPreview(
      previewOf({ records: [{ id: 1 }], inferredYaml: 'transform:\n' }),
      10,
      COMMAND,
    );

    // Assess
    expect(text).toContain('No transform.books yet.\n');
    expect(text).toMatch(
      /Drafted from the 1 record of this page \(paste into the file, then check\):\ntransform:\n$/,
    );
  });
});
