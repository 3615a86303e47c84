// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the pipeline file reads its variables
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { loadPipelineCatalogue } from '@sluice/runtime';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKS, BOOKSHOP_TOKEN, type Bookshop, PRODUCTS, startBookshop } from '../support/bookshop-source.ts';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { readJsonGlossary, unknownJsonKeys } from '../support/json-glossary.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluiceWith } from '../support/sluice-cli.ts';

/** A pipeline file as a new user starts one: where the records come from, nothing else yet. */
const sourceOnly = `name: books
description: Books of the bookshop API.
schedule: rate(1 day)
source:
  type: rest
  baseUrl: \${BOOKSHOP_URL}
  auth: { type: bearer, token: '\${BOOKSHOP_TOKEN}' }
  pagination: { type: cursor, param: cursor, next: meta.next_cursor }
  records: data.items
  resources:
    books: { path: /api/books }
`;

/** A database table as a source, nothing else yet. */
const shelfSource = `name: shelf
description: Shelves of the flow's own database.
schedule: rate(1 day)
source:
  type: mysql
  connection: \${SHELF_DATABASE_URL}
  timezone: '+00:00'
  pageSize: 10
  resources:
    shelves: { table: shelf, primaryKey: [id] }
`;

interface PreviewJson {
  recordCount: number;
  records: unknown[];
  mapping: {
    status: string;
    tables: Record<string, { rowCount: number; rows: Record<string, unknown>[] }>;
    rejectedCount: number;
    rejections: { index: number; reason: string }[];
  };
}

describe('Flow: a new user previews a source, drafts its mapping and starts pipelines with sluice new, on loopback', () => {
  let shop: Bookshop;
  let dir: string;
  let drafts: string;
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet | undefined;
  let variables: Record<string, string>;
  const sluice = (...args: string[]) => runSluiceWith(variables, isolated.env, ...args);

  beforeAll(async () => {
    shop = await startBookshop();
    dir = await mkdtemp(join(tmpdir(), 'sluice-new-'));
    drafts = await mkdtemp(join(tmpdir(), 'sluice-drafts-'));
    isolated = await createIsolatedPlatform('preview', { SLUICE_PIPELINES_DIR: dir });
    variables = { BOOKSHOP_URL: shop.url, BOOKSHOP_TOKEN: BOOKSHOP_TOKEN };
  });
  afterAll(() =>
    cleanUp('the preview flow', [
      () => fleet?.stopAll(2_000),
      () => shop?.close(),
      () => isolated?.destroy(),
      () => rm(dir, { recursive: true, force: true }),
      () => rm(drafts, { recursive: true, force: true }),
    ]),
  );

  it('`preview` shows the records of a file that has only a source, and `--infer` drafts their columns', async () => {
    // Prepare
    await writeFile(join(dir, 'books.yaml'), sourceOnly);

    // Act
    const result = await sluice('preview', 'books', '--infer');

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      `books books (rest), page 1: ${shop.url}/api/books; next: ${shop.url}/api/books?cursor=3`,
    );
    expect(lines[1]).toBe('Records: 3 records, nested fields as paths');
    expect(lines[2]).toMatch(/^ {2}id +title +authors +tags +published +updatedAt$/);
    expect(lines[3]).toMatch(
      /^ {2}1 +Dune +\[\{"id":10,"name":"Frank Herbert"\}\] +\["sf"\] +1965-08-01 +2024-05-01T10:00:00Z$/,
    );
    expect(result.stdout).toContain('No transform.books yet.');
    expect(result.stdout).toContain('      updated_at: { from: updatedAt, type: datetime, sql: datetime }\n');
    // Authors have ids of their own: an entity table and a link; tags are values of each book.
    expect(result.stdout).toContain(
      [
        '    children:',
        '      - table: authors',
        '        from: authors',
        '        columns:',
        '          id: { from: $item.id, type: int }',
        '          name: { from: $item.name, type: string, length: 32 }',
        '        link:',
        '          table: book_authors',
        '          columns:',
        '            book_id: { from: $parent.id, type: int }',
        '            author_id: { from: $item.id, type: int }',
        '      - table: book_tags',
        '        from: tags',
        '        distinct: true',
        '        columns:',
        '          book_id: { from: $parent.id, type: int }',
        '          tag: { from: $item, type: string, length: 16 }',
        'destination:',
        '  books: { primaryKey: [ id ] }',
        '  authors: { primaryKey: [ id ] }',
        '  book_authors: { primaryKey: [ book_id, author_id ], writeMode: replace }',
        '  book_tags: { primaryKey: [ book_id, tag ], writeMode: replace }',
      ].join('\n'),
    );
    // Page 1 has no book without a title; page 2 has one.
    expect(result.stdout).toContain('      title: { from: title, type: string, length: 32 }\n');
  });

  it('`--infer --pages N` drafts from every page up to N, so a later page’s null or longer value counts', async () => {
    // Act
    const result = await sluice('preview', 'books', '--infer', '--pages', '5');

    // Assess: the resource has 2 pages; page 2's book without a title makes the column nullable.
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Drafted from the 5 records of 2 pages from this one on');
    expect(result.stdout).toContain(
      '      title: { from: title, type: string, length: 32, nullable: true }\n',
    );
  });

  it('`preview` applies the pasted mapping: rows per table, and each rejected record with its reason', async () => {
    // Prepare: the drafted YAML pasted into the file, as the output says.
    const drafted = (await sluice('preview', 'books', '--infer')).stdout;
    const snippet = drafted.slice(drafted.indexOf('transform:\n'));
    await writeFile(join(dir, 'books.yaml'), `${sourceOnly}${snippet}`);

    // Act
    const [first, second, table, validate] = await Promise.all([
      sluice('preview', 'books', '--json'),
      sluice('preview', 'books', '--page', '2', '--json'),
      sluice('preview', 'books', '--page', '2'),
      sluice('validate', join(dir, 'books.yaml')),
    ]);

    // Assess
    expect(validate.stdout).toContain('✓');
    expect(unknownJsonKeys(JSON.parse(first.stdout), readJsonGlossary())).toEqual([]);
    const page1 = JSON.parse(first.stdout) as PreviewJson;
    expect(page1.mapping).toMatchObject({ status: 'applied', rejectedCount: 0 });
    expect(page1.mapping.tables.books?.rows[0]).toEqual({
      id: 1,
      title: 'Dune',
      published: '1965-08-01',
      updated_at: '2024-05-01 10:00:00.000',
    });
    expect(page1.mapping.tables.book_authors?.rows).toEqual([
      { book_id: 1, author_id: 10 },
      { book_id: 2, author_id: 11 },
      { book_id: 2, author_id: 12 },
      { book_id: 3, author_id: 13 },
    ]);
    expect(page1.mapping.tables.book_tags?.rows).toEqual([
      { book_id: 1, tag: 'sf' },
      { book_id: 3, tag: 'novel' },
      { book_id: 3, tag: 'dublin' },
    ]);
    const page2 = JSON.parse(second.stdout) as PreviewJson;
    expect(page2.recordCount).toBe(2);
    expect(page2.mapping.tables.books?.rowCount).toBe(1);
    expect(page2.mapping.rejections).toEqual([
      expect.objectContaining({
        index: 0,
        reason: 'title (from title): required, got null; nullable: true would store NULL',
      }),
    ]);
    expect(table.stdout).toContain('Rejected: 1 record');
    expect(table.stdout).toMatch(/\n {2}0 +title \(from title\): required, got null/);
  });

  it('`preview` reads a database table’s page as well, given the file’s path, and infers its DATETIME text', async () => {
    // Prepare: a table of the flow's own database as the source; the file stays out of the services' folder.
    const { db } = isolated.platform.warehouse;
    await db.execute(
      sql`create table shelf (id int primary key, label varchar(32) not null, placed_at datetime(6) null)`,
    );
    await db.execute(
      sql`insert into shelf values (1, 'top', '2024-05-01 10:00:00.000001'), (2, 'bottom', null)`,
    );
    const file = join(drafts, 'shelf.yaml');
    await writeFile(file, shelfSource);

    // Act
    const result = await runSluiceWith(
      { SHELF_DATABASE_URL: isolated.env.DATABASE_URL },
      isolated.env,
      'preview',
      file,
      '--infer',
      '--json',
    );

    // Assess
    expect(result.stderr).toBe('');
    expect(unknownJsonKeys(JSON.parse(result.stdout), readJsonGlossary())).toEqual([]);
    const preview = JSON.parse(result.stdout) as PreviewJson & {
      inferred: { transform: unknown; destination: unknown };
    };
    expect(preview.records).toEqual([
      { id: 1, label: 'top', placed_at: '2024-05-01 10:00:00.000001' },
      { id: 2, label: 'bottom', placed_at: null },
    ]);
    expect(preview.mapping).toEqual({ status: 'missing' });
    // Each column declared once, in the transform; the table takes its columns from there.
    expect(preview.inferred.transform).toEqual({
      table: 'shelves',
      columns: {
        id: { from: 'id', type: 'int' },
        label: { from: 'label', type: 'string', length: 16 },
        placed_at: { from: 'placed_at', type: 'datetime', sql: 'datetime(6)', nullable: true },
      },
    });
    expect(preview.inferred.destination).toEqual({ shelves: { primaryKey: ['id'] } });
  });

  it('`new` drafts a REST pipeline from a URL, validated, and refuses to write over it', async () => {
    // Act
    const created = await sluice(
      'new',
      'bookshop-api',
      '--from',
      `${shop.url}/api/books`,
      '--bearer',
      'BOOKSHOP_TOKEN',
    );
    const again = await sluice(
      'new',
      'bookshop-api',
      '--from',
      `${shop.url}/api/books`,
      '--bearer',
      'BOOKSHOP_TOKEN',
    );
    const validate = await sluice('validate', join(dir, 'bookshop-api.yaml'));

    // Assess
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(
      `Wrote ${join(dir, 'bookshop-api.yaml')}: a rest source, resource books, table bookshop_api_books (4 columns, key id); child tables bookshop_api_authors, bookshop_api_book_authors, bookshop_api_book_tags`,
    );
    expect(created.stdout).toContain('Page 1: 3 records, 3 kept by the drafted mapping, 0 rejected');
    const text = await readFile(join(dir, 'bookshop-api.yaml'), 'utf8');
    expect(text).toContain(`baseUrl: \${BOOKSHOP_API_URL:-${shop.url}/api}`);
    expect(text).toContain('auth: { type: bearer, token: "${BOOKSHOP_TOKEN}" }');
    expect(text).toContain('pagination: { type: cursor, param: cursor, next: meta.next_cursor }');
    expect(text).toContain('records: data.items');
    expect(validate.code).toBe(0);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('bookshop-api.yaml exists: sluice new never overwrites a file');
  });

  it('`new --json` prints its summary with the key names `preview --json` uses for the same things', async () => {
    // Act
    const created = await sluice(
      'new',
      'bookshop-json',
      '--from',
      `${shop.url}/api/books`,
      '--bearer',
      'BOOKSHOP_TOKEN',
      '--json',
    );
    await rm(join(dir, 'bookshop-json.yaml'));

    // Assess
    expect(unknownJsonKeys(JSON.parse(created.stdout), readJsonGlossary())).toEqual([]);
    expect(JSON.parse(created.stdout)).toMatchObject({
      pipeline: 'bookshop-json',
      source: 'rest',
      resource: 'books',
      table: 'bookshop_json_books',
      childTables: ['bookshop_json_authors', 'bookshop_json_book_authors', 'bookshop_json_book_tags'],
      primaryKey: ['id'],
      recordCount: 3,
      rejectedCount: 0,
    });
  });

  it('`new` drafts an HTML pipeline from a listing page: rows, fields, prices as numbers and the next link', async () => {
    // Act
    const created = await sluice('new', 'shop', '--from', `${shop.url}/shop.html`);
    const preview = await sluice('preview', 'shop', '--page', '2', '--json');

    // Assess
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('a html source, resource shop, table shop (4 columns, key name_url)');
    const text = await readFile(join(dir, 'shop.yaml'), 'utf8');
    expect(text).toContain('rowSelector: div.products > div.product');
    expect(text).toContain('nextSelector: a[rel~=next]');
    expect(text).toContain('price: { selector: .price, clean: [ trim, to_number ] }');
    expect(text).toContain('price: { from: price, type: decimal, sql: "decimal(12,2)" }');
    const page2 = JSON.parse(preview.stdout) as PreviewJson;
    expect(page2.mapping).toMatchObject({ status: 'applied', rejectedCount: 0 });
    expect(page2.mapping.tables.shop?.rows).toEqual([
      {
        name: 'Bookcase',
        name_url: `${shop.url}/products/4.html`,
        price: '12.99',
        description: 'Five shelves',
      },
      { name: 'Coat rack', name_url: `${shop.url}/products/5.html`, price: '7', description: 'Pine' },
    ]);
  });

  it('the drafted pipelines load as the services read them, and run into the warehouse', async () => {
    // Prepare
    const catalogue = await loadPipelineCatalogue(dir);
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', BOOKSHOP_TOKEN, BOOKSHOP_URL: shop.url }),
      isolated.logDir,
    );
    await fleet.startAll();
    const deps = runDepsOf(isolated.platform);

    // Act
    const books = await requestRun(deps, await pipelineNamed(isolated.env, 'bookshop-api'));
    const products = await requestRun(deps, await pipelineNamed(isolated.env, 'shop'));
    const booksRun = await waitForRun(deps, books, { timeoutMs: 60_000 });
    const productsRun = await waitForRun(deps, products, { timeoutMs: 60_000 });

    // Assess
    expect(catalogue.names().sort()).toEqual(['books', 'bookshop-api', 'shop']);
    expect(booksRun.status).toBe('succeeded');
    expect(productsRun.status).toBe('succeeded');
    // Book 4 has no title: rejected whole, its author and tags with it.
    const loaded = BOOKS.filter((book) => book.title !== null);
    const rowsOf = async (query: ReturnType<typeof sql>) =>
      (await isolated.platform.warehouse.db.execute(query))[0];
    expect(await rowsOf(sql`select id, title, published from bookshop_api_books order by id`)).toEqual(
      loaded.map((book) => ({ id: book.id, title: book.title, published: book.published })),
    );
    // Terry Pratchett, listed by two books on two pages, is one row.
    expect(await rowsOf(sql`select id, name from bookshop_api_authors order by id`)).toEqual([
      { id: 10, name: 'Frank Herbert' },
      { id: 11, name: 'Terry Pratchett' },
      { id: 12, name: 'Neil Gaiman' },
      { id: 13, name: 'James Joyce' },
    ]);
    expect(
      await rowsOf(sql`select book_id, author_id from bookshop_api_book_authors order by book_id, author_id`),
    ).toEqual([
      { book_id: 1, author_id: 10 },
      { book_id: 2, author_id: 11 },
      { book_id: 2, author_id: 12 },
      { book_id: 3, author_id: 13 },
      { book_id: 5, author_id: 11 },
    ]);
    // Ulysses lists novel twice: one row.
    expect(await rowsOf(sql`select book_id, tag from bookshop_api_book_tags order by book_id, tag`)).toEqual([
      { book_id: 1, tag: 'sf' },
      { book_id: 3, tag: 'dublin' },
      { book_id: 3, tag: 'novel' },
      { book_id: 5, tag: 'fantasy' },
    ]);
    const [productRows] = await isolated.platform.warehouse.db.execute(
      sql`select name, price, description from shop order by name_url`,
    );
    expect(productRows).toEqual(
      PRODUCTS.flat().map((product) => ({
        name: product.name,
        price: product.price.replace(/[$,]/g, ''),
        description: product.description.replace('<br>', ' '),
      })),
    );
  });
});
