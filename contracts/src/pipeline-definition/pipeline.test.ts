// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import { describe, expect, it } from 'vitest';
import { describeIssues, formatPath } from './describe-issues.ts';
import { PipelineDefinitionSchema } from './pipeline.ts';

// biome-ignore lint/suspicious/noExplicitAny: each test reaches into the fixture to break one thing
type Loose = Record<string, any>;

/** A valid pipeline with a parent table and an exploded child table; tests break one thing in it. */
const restPipeline = (): Loose => ({
  name: 'shop',
  description: 'Orders and their items.',
  schedule: 'cron(0 3 * * ? *)',
  source: {
    type: 'rest',
    baseUrl: '${SHOP_API_URL:-https://shop.test/api}',
    pagination: { type: 'next_url', next: 'links.next' },
    records: 'data',
    resources: { orders: { path: '/orders' } },
  },
  transform: {
    orders: {
      table: 'orders',
      columns: {
        id: { from: 'id', type: 'int' },
        placed_at: { from: 'placedAt', type: 'datetime' },
        customer_id: { from: 'customer.url', type: 'id_from_url', nullable: true },
      },
      children: [
        {
          table: 'order_items',
          from: 'items',
          columns: {
            order_id: { from: '$parent.id', type: 'int' },
            sku: { from: '$item.sku', type: 'string' },
          },
        },
      ],
    },
  },
  destination: {
    orders: {
      columns: { id: 'int', placed_at: 'datetime(3)', customer_id: { type: 'int', nullable: true } },
      primaryKey: ['id'],
    },
    order_items: {
      columns: { order_id: 'int', sku: 'varchar(32)' },
      primaryKey: ['order_id', 'sku'],
      writeMode: 'replace',
    },
  },
});

const htmlPipeline = (): Loose => ({
  name: 'episodes',
  description: 'Episodes from a web page.',
  schedule: 'rate(1 day)',
  source: {
    type: 'html',
    resources: {
      episodes: {
        startUrls: ['https://site.test/episodes'],
        rowSelector: 'tr',
        fields: { code: { selector: 'td.code' }, title: { selector: 'td.title' } },
        follow: { selector: 'a', fields: { synopsis: { selector: '.synopsis' } } },
      },
    },
  },
  transform: {
    episodes: {
      table: 'episodes',
      columns: {
        code: { from: 'code', type: 'string' },
        synopsis: { from: 'synopsis', type: 'string', nullable: true },
      },
    },
  },
  destination: {
    episodes: {
      columns: { code: 'varchar(16)', synopsis: { type: 'text', nullable: true } },
      primaryKey: ['code'],
    },
  },
});

/** `path: message` for every problem with `input`, as `sluice validate` would word them. */
const problemsOf = (input: Loose): string[] => {
  const result = PipelineDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return describeIssues(result.error.issues, input).map(
    ({ path, message }) => `${formatPath(path)}: ${message}`,
  );
};

describe('Schema: PipelineDefinitionSchema', () => {
  it('accepts a REST and an HTML pipeline whose parts agree', () => {
    expect(problemsOf(restPipeline())).toEqual([]);
    expect(problemsOf(htmlPipeline())).toEqual([]);
  });

  it('refuses a value type that does not fit its destination column, naming the types that would', () => {
    const pipeline = restPipeline();
    pipeline.transform.orders.columns.placed_at.type = 'date';
    expect(problemsOf(pipeline)).toEqual([
      'transform.orders.columns.placed_at.type: a date value cannot go into orders.placed_at, which is datetime(3) (date fits date)',
    ]);
  });

  it('refuses a column the destination table does not declare', () => {
    const pipeline = restPipeline();
    pipeline.transform.orders.columns.total = { from: 'total', type: 'decimal' };
    expect(problemsOf(pipeline)).toEqual([
      "transform.orders.columns.total: 'total' is not a column of destination table 'orders' (id, placed_at, customer_id)",
    ]);
  });

  it('refuses a nullable value for a NOT NULL column, and a NOT NULL column left without a value', () => {
    const pipeline = restPipeline();
    pipeline.destination.orders.columns.customer_id = 'int';
    delete pipeline.transform.orders.columns.placed_at;
    expect(problemsOf(pipeline)).toEqual([
      'transform.orders.columns.customer_id.nullable: orders.customer_id is NOT NULL; declare it { type: int, nullable: true } in destination, or drop nullable here',
      'transform.orders.columns: orders.placed_at is NOT NULL but gets no value here: map it, or make it nullable in destination',
    ]);
  });

  it('needs a key to upsert, and keys made of declared, non-null, indexable columns', () => {
    const pipeline = restPipeline();
    delete pipeline.destination.orders.primaryKey;
    pipeline.destination.order_items.columns.note = { type: 'text', nullable: true };
    pipeline.destination.order_items.primaryKey = ['order_id', 'line', 'note'];
    expect(problemsOf(pipeline)).toEqual([
      'destination.orders.writeMode: upsert needs a primaryKey or uniqueKey to find the existing row (or use writeMode: append)',
      "destination.order_items.primaryKey[1]: 'line' is not a column of this table",
      "destination.order_items.primaryKey[2]: 'note' is text and cannot be in a key",
    ]);
  });

  it('keeps $item and $parent to children, and needs a child table to say its parent', () => {
    const pipeline = restPipeline();
    pipeline.transform.orders.columns.id.from = '$item.id';
    pipeline.transform.orders.children[0].columns.order_id.from = '$item.order';
    expect(problemsOf(pipeline)).toEqual([
      'transform.orders.columns.id.from: $item only exists inside children; use a path in the record',
      "transform.orders.children[0].columns: a child table needs a column from its parent, e.g. character_id: { from: '$parent.id', type: int }",
    ]);
  });

  it('keeps writeMode replace to child tables, whose rows it replaces per parent', () => {
    const pipeline = restPipeline();
    pipeline.destination.orders.writeMode = 'replace';
    expect(problemsOf(pipeline)).toEqual([
      "destination.orders.writeMode: replace rewrites a parent's rows in a child table; 'orders' is filled one row per record, so use upsert or append",
    ]);
  });

  it('needs every resource transformed, every transform a resource, every table written', () => {
    const pipeline = restPipeline();
    pipeline.source.resources.customers = { path: '/customers' };
    pipeline.transform.refunds = { table: 'orders', columns: { id: { from: 'id', type: 'int' } } };
    pipeline.destination.archive = { columns: { id: 'int' }, writeMode: 'append' };
    expect(problemsOf(pipeline)).toEqual([
      "transform.refunds: 'refunds' is not a resource of the source (orders, customers)",
      'transform.refunds.columns: orders.placed_at is NOT NULL but gets no value here: map it, or make it nullable in destination',
      "source.resources.customers: resource 'customers' is extracted but has no transform: add transform.customers",
      "destination.archive: nothing writes table 'archive': no transform maps to it",
    ]);
  });

  it('accepts a TypeScript module as a transform, checking the tables it says it writes', () => {
    const pipeline = restPipeline();
    pipeline.transform.orders = { module: 'shop-orders', tables: ['orders', 'order_item'] };
    expect(problemsOf(pipeline)).toEqual([
      "transform.orders.tables[1]: table 'order_item' is not in destination (orders, order_items)",
      "destination.order_items: nothing writes table 'order_items': no transform maps to it",
    ]);
  });

  it('says outright that a transform is either a module or a mapping', () => {
    const pipeline = restPipeline();
    pipeline.transform.orders.module = 'shop-orders';
    expect(problemsOf(pipeline)).toEqual([
      'transform.orders.module: give either module (and the tables it writes) or table and columns, not both',
    ]);
  });

  it('checks an incremental cursor against the resources', () => {
    const pipeline = restPipeline();
    pipeline.incremental = {
      orders: { cursor: 'updatedAt', param: 'updated_since', start: '2024-01-01T00:00:00Z' },
      refunds: { cursor: 'id', param: 'after_id', start: 0 },
    };
    expect(problemsOf(pipeline)).toEqual([
      "incremental.refunds: 'refunds' is not a resource of the source (orders)",
    ]);
  });

  it('checks an HTML transform against the fields the source extracts, detail fields included', () => {
    const pipeline = htmlPipeline();
    pipeline.transform.episodes.columns.code.from = 'episode_code';
    expect(problemsOf(pipeline)).toEqual([
      "transform.episodes.columns.code.from: 'episode_code' is not a field of the source resource (code, title, synopsis)",
    ]);
  });

  it('needs an HTML resource to start from either URLs or a listing, and detail fields not to shadow the row', () => {
    const pipeline = htmlPipeline();
    pipeline.source.resources.episodes.listing = { url: 'https://site.test/?page=1', nextSelector: 'a.next' };
    pipeline.source.resources.episodes.follow.fields.title = { selector: 'h1' };
    expect(problemsOf(pipeline)).toEqual([
      'source.resources.episodes: give either startUrls or listing (one of them)',
      "source.resources.episodes.follow.fields.title: 'title' is already a field of the row; detail fields join the row, so give it another name",
    ]);
  });

  it('knows the column types and their limits', () => {
    const pipeline = restPipeline();
    pipeline.destination.order_items.columns.sku = 'varchar(20000)';
    pipeline.destination.orders.columns.id = 'integer';
    expect(problemsOf(pipeline)).toEqual([
      "destination.orders.columns.id: 'integer' is not a column type Sluice knows: varchar(n), int, bigint, decimal(p,s), boolean, date, datetime, datetime(3), json or text",
      'destination.order_items.columns.sku: varchar length must be 1-16383 (utf8mb4), not 20000; use text for longer strings',
    ]);
  });

  it('accepts allowedHosts on either source, and refuses an entry that is more than a host', () => {
    const rest = restPipeline();
    rest.source.allowedHosts = ['cdn.shop.test', '127.0.0.1:8080'];
    const html = htmlPipeline();
    html.source.allowedHosts = ['https://images.site.test/'];
    expect(problemsOf(rest)).toEqual([]);
    expect(problemsOf(html)).toEqual([
      "source.allowedHosts[0]: a host name, optionally with its port ('api.example.com', '127.0.0.1:8080'), without scheme or path",
    ]);
  });

  it('refuses a bearer token written in with its Bearer prefix, or a credential header written in full', () => {
    const pipeline = restPipeline();
    pipeline.source.auth = { type: 'bearer', token: 'Bearer ${SHOP_TOKEN}' };
    pipeline.source.headers = { 'X-Api-Key': 'k3y' };
    expect(problemsOf(pipeline)).toEqual([
      "source.auth.token: a bearer token must be the reference alone: Sluice sends 'Authorization: Bearer <token>' itself",
      "source.headers.X-Api-Key: header X-Api-Key looks like a credential: declare it in auth, or take it from the environment ('${SHOP_X_API_KEY}')",
    ]);
  });
});
