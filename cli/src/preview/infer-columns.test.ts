import { describe, expect, it } from 'vitest';
import { columnNameOf, inferColumns } from './infer-columns.ts';

/** The proposed column for `from`, found by path. */
const columnFrom = (records: unknown[], from: string) =>
  inferColumns(records).columns.find((column) => column.from === from);

describe('Function: inferColumns()', () => {
  it('types integers, decimals (two places at least), booleans and text, with a varchar twice the longest value, rounded up', () => {
    // Prepare
    const records = [
      { id: 1, price: 12.5, active: true, title: 'Dune' },
      { id: 2, price: 1299, active: false, title: 'The Left Hand of Darkness' },
    ];

    // Act
    const { columns } = inferColumns(records);

    // Assess
    expect(columns.map(({ name, type, sqlType, nullable }) => ({ name, type, sqlType, nullable }))).toEqual([
      { name: 'id', type: 'int', sqlType: 'int', nullable: false },
      { name: 'price', type: 'decimal', sqlType: 'decimal(12,2)', nullable: false },
      { name: 'active', type: 'boolean', sqlType: 'boolean', nullable: false },
      { name: 'title', type: 'string', sqlType: 'varchar(64)', nullable: false },
    ]);
  });

  it('reads numbers written as text as numbers, but keeps codes with a leading zero as text', () => {
    // Prepare
    const records = [
      { rank: '1', price: '0.012345', zip: '01234' },
      { rank: '20', price: '41000.5', zip: '90210' },
    ];

    // Assess
    expect(columnFrom(records, 'rank')).toMatchObject({ type: 'int', sqlType: 'int' });
    expect(columnFrom(records, 'price')).toMatchObject({ type: 'decimal', sqlType: 'decimal(17,6)' });
    expect(columnFrom(records, 'zip')).toMatchObject({ type: 'string', sqlType: 'varchar(16)' });
  });

  it('takes bigint for integers past int, and datetime or date only when every value is ISO', () => {
    // Prepare
    const records = [
      { views: 3_000_000_000, at: '2024-05-01T10:00:00.250Z', day: '2024-05-01', when: '2024-05-01' },
      { views: 7, at: '2024-05-02T10:00:00+02:00', day: '2024-05-02', when: 'May 2, 2024' },
    ];

    // Assess
    expect(columnFrom(records, 'views')).toMatchObject({ type: 'int', sqlType: 'bigint' });
    expect(columnFrom(records, 'at')).toMatchObject({ type: 'datetime', sqlType: 'datetime(3)' });
    expect(columnFrom(records, 'day')).toMatchObject({ type: 'date', sqlType: 'date' });
    expect(columnFrom(records, 'when')).toMatchObject({ type: 'string' });
  });

  it('reads a database’s DATETIME text as datetime, to the microsecond when it has them', () => {
    // Prepare
    const records = [
      { placed: '2024-05-01 10:00:00.000001', paid: '2024-05-01 10:00:00', shipped: '2024-05-01 10:00:00.5' },
      { placed: '2024-05-02 11:30:00.250000', paid: '2024-05-02 10:00:00', shipped: null },
    ];

    // Assess
    expect(columnFrom(records, 'placed')).toMatchObject({ type: 'datetime', sqlType: 'datetime(6)' });
    expect(columnFrom(records, 'paid')).toMatchObject({ type: 'datetime', sqlType: 'datetime' });
    expect(columnFrom(records, 'shipped')).toMatchObject({ type: 'datetime', sqlType: 'datetime(3)' });
  });

  it('makes a field nullable when a record has null, lacks it, or has empty text where it is not text', () => {
    // Prepare
    const records = [
      { id: 1, note: null, born: '1920-01-02', rating: 4 },
      { id: 2, note: 'x', born: '', extra: 1 },
    ];

    // Act
    const { columns } = inferColumns(records);

    // Assess
    expect(columns.find((column) => column.from === 'note')).toMatchObject({ nullable: true, note: null });
    expect(columns.find((column) => column.from === 'born')).toMatchObject({ type: 'date', nullable: true });
    expect(columns.find((column) => column.from === 'rating')).toMatchObject({
      nullable: true,
      missing: 1,
      note: 'missing from 1 of 2 records, which a mapping rejects (nullable or not)',
    });
    expect(columns.find((column) => column.from === 'id')).toMatchObject({ nullable: false });
  });

  it('opens nested objects into paths, and keeps arrays and objects of mixed shapes as JSON', () => {
    // Prepare
    const records = [
      { id: 1, author: { name: 'Le Guin', links: { home: 'https://a.example' } }, tags: ['sf'], meta: 'x' },
      { id: 2, author: null, tags: [], meta: { a: 1 } },
    ];

    // Act
    const { columns } = inferColumns(records);

    // Assess
    expect(columns.map(({ name, from, type, nullable }) => ({ name, from, type, nullable }))).toEqual([
      { name: 'id', from: 'id', type: 'int', nullable: false },
      { name: 'author_name', from: 'author.name', type: 'string', nullable: true },
      { name: 'author_links_home', from: 'author.links.home', type: 'string', nullable: true },
      { name: 'tags', from: 'tags', type: 'json', nullable: false },
      { name: 'meta', from: 'meta', type: 'json', nullable: false },
    ]);
    expect(columns.find((column) => column.from === 'meta')?.note).toBe(
      'values of mixed kinds (string, object): kept as JSON',
    );
  });

  it('gives a field with no value on the page a nullable text column, and says it guessed', () => {
    // Act
    const column = columnFrom([{ id: 1, gone: null }], 'gone');

    // Assess
    expect(column).toMatchObject({
      type: 'string',
      sqlType: 'varchar(255)',
      nullable: true,
      note: 'no value on this page: the type is a guess',
    });
  });

  it('proposes as key the best-named field that is always there and never repeats', () => {
    // Assess
    expect(
      inferColumns([
        { sku: 'a', id: 1 },
        { sku: 'b', id: 2 },
      ]).key,
    ).toEqual(['id']);
    expect(
      inferColumns([
        { id: 1, sku: 'a' },
        { id: 1, sku: 'b' },
      ]).key,
    ).toEqual(['sku']);
    expect(inferColumns([{ book_id: 3 }, { book_id: 4 }]).key).toEqual(['book_id']);
    expect(
      inferColumns([
        { page_url: '/a', book_id: 3 },
        { page_url: '/b', book_id: 4 },
      ]).key,
    ).toEqual(['book_id']);
    expect(inferColumns([{ page_url: '/a' }, { page_url: '/b' }]).key).toEqual(['page_url']);
    expect(inferColumns([{ id: 1 }, { id: null }]).key).toBeNull();
  });

  it('names columns in snake_case, unique, and skips paths a mapping cannot name', () => {
    // Prepare
    const records = [{ firstName: 'a', first_name: 'b', 'last name': 'c', '2fa': true }];

    // Act
    const { columns, skipped } = inferColumns(records);

    // Assess
    expect(columns.map((column) => column.name)).toEqual(['first_name', 'first_name_2']);
    expect(skipped.map((skip) => skip.path)).toEqual(['last name', '2fa']);
    expect(columnNameOf('priceUsd.changePercent24Hr')).toBe('price_usd_change_percent24_hr');
    expect(columnNameOf('data.0.id')).toBe('data_0_id');
  });

  it('proposes nothing for an empty page or records that are not objects', () => {
    // Assess
    expect(inferColumns([])).toEqual({ columns: [], key: null, skipped: [] });
    expect(inferColumns(['a', 'b'])).toEqual({ columns: [], key: null, skipped: [] });
  });
});
