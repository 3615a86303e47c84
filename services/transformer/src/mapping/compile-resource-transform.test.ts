import { type PipelineDefinition, PipelineDefinitionSchema } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import type { TransformModules } from '../modules/index.ts';
import { compileResourceTransform } from './compile-resource-transform.ts';

// Pipeline inputs before validation, which the tests edit freely.
// biome-ignore lint/suspicious/noExplicitAny: a loose object is the point here
type Loose = Record<string, any>;

/** A valid REST pipeline: orders, each with an array of items exploded into `order_items`. */
const shopPipeline = (): Loose => ({
  name: 'shop',
  description: 'Orders and their items.',
  schedule: 'rate(1 hour)',
  incremental: { orders: { cursor: 'meta.version', param: 'since', start: 0 } },
  source: {
    type: 'rest',
    baseUrl: 'https://shop.test/api',
    pagination: { type: 'none' },
    records: 'data',
    resources: { orders: { path: '/orders' } },
  },
  transform: {
    orders: {
      table: 'orders',
      columns: {
        id: { from: 'id', type: 'int' },
        customer_id: { from: 'customer.url', type: 'id_from_url', nullable: true },
        total: { from: 'total', type: 'decimal' },
      },
      children: [
        {
          table: 'order_items',
          from: 'items',
          distinct: true,
          columns: {
            order_id: { from: '$parent.id', type: 'int' },
            sku: { from: '$item.sku', type: 'string' },
            quantity: { from: '$item.quantity', type: 'int' },
          },
        },
        {
          table: 'order_tags',
          from: 'tags',
          columns: { order_id: { from: '$parent.id', type: 'int' }, tag: { from: '$item', type: 'string' } },
        },
      ],
    },
  },
  destination: {
    orders: {
      columns: { id: 'int', customer_id: { type: 'int', nullable: true }, total: 'decimal(10,2)' },
      primaryKey: ['id'],
    },
    order_items: {
      columns: { order_id: 'int', sku: 'varchar(8)', quantity: 'int' },
      primaryKey: ['order_id', 'sku'],
      writeMode: 'replace',
    },
    order_tags: { columns: { order_id: 'int', tag: 'varchar(16)' }, writeMode: 'append' },
  },
});

const parse = (input: Loose): PipelineDefinition => PipelineDefinitionSchema.parse(input);

const order = (overrides: Loose = {}): Loose => ({
  id: 1,
  customer: { url: 'https://shop.test/api/customers/40' },
  total: '19.90',
  items: [{ sku: 'A-1', quantity: 2 }],
  tags: ['gift'],
  meta: { version: 3 },
  ...overrides,
});

const transformOrders = (records: unknown[], pipeline = parse(shopPipeline())) =>
  compileResourceTransform(pipeline, 'orders').transformPage(records);

describe('Function: compileResourceTransform()', () => {
  describe('mappings', () => {
    it('maps each record to a row, reading dotted paths, and each array element to a child row', () => {
      // Act
      const page = transformOrders([order(), order({ id: 2, customer: { url: '' }, total: 5, tags: [] })]);

      // Assess
      expect(page.rejected).toEqual([]);
      expect(page.tables.orders).toEqual([
        { id: 1, customer_id: 40, total: '19.90' },
        { id: 2, customer_id: null, total: '5' },
      ]);
      expect(page.tables.order_items).toEqual([
        { order_id: 1, sku: 'A-1', quantity: 2 },
        { order_id: 2, sku: 'A-1', quantity: 2 },
      ]);
      expect(page.tables.order_tags).toEqual([{ order_id: 1, tag: 'gift' }]);
      expect(Object.keys(page.tables.order_items?.[0] ?? {})).toEqual(['order_id', 'sku', 'quantity']);
    });

    it('keeps one row per distinct row where distinct is set, and every element where it is not', () => {
      // Prepare
      const item = { sku: 'A-1', quantity: 2 };
      const records = [order({ items: [item, { sku: 'B-2', quantity: 1 }, item], tags: ['x', 'x'] })];

      // Act
      const page = transformOrders(records);

      // Assess
      expect(page.tables.order_items?.map((row) => row.sku)).toEqual(['A-1', 'B-2']);
      expect(page.tables.order_tags).toEqual([
        { order_id: 1, tag: 'x' },
        { order_id: 1, tag: 'x' },
      ]);
    });

    it('rejects a record whole for one bad element, naming the element, and goes on with the page', () => {
      // Prepare
      const items = [
        { sku: 'A-1', quantity: 1 },
        { sku: 'B-2', quantity: 1 },
        { sku: 'C-3', quantity: 1 },
        { sku: 'D-4', quantity: 'lots' },
      ];

      // Act
      const page = transformOrders([order({ id: 1 }), order({ id: 2, items }), order({ id: 3 })]);

      // Assess
      expect(page.rejected).toEqual([
        {
          index: 1,
          reason:
            'items[3]: quantity (from $item.quantity): expected an integer (a number or a string of digits), got "lots"',
          record: order({ id: 2, items }),
        },
      ]);
      expect(page.tables.orders?.map((row) => row.id)).toEqual([1, 3]);
      expect(page.tables.order_items?.map((row) => row.order_id)).toEqual([1, 3]);
      expect(page.tables.order_tags?.map((row) => row.order_id)).toEqual([1, 3]);
    });

    it('gives every problem of a record in its reason, each with its column and source path', () => {
      const page = transformOrders([
        order({ total: '1234567890', customer: 'Ann', items: 'A-1', tags: undefined }),
      ]);
      expect(page.rejected[0]?.reason).toBe(
        [
          'customer_id (from customer.url): missing from the record',
          'total (from total): 1234567890 has 10 digits before the point; decimal(10,2) holds 8',
          'items: expected an array, got "A-1"',
          'tags: missing from the record',
        ].join('; '),
      );
    });

    it('reports a parent value that does not fit once per child table, not once per element', () => {
      const page = transformOrders([
        order({
          id: 'one',
          items: [
            { sku: 'A', quantity: 1 },
            { sku: 'B', quantity: 1 },
          ],
        }),
      ]);
      expect(page.rejected[0]?.reason.split('; ')).toEqual([
        'id (from id): expected an integer (a number or a string of digits), got "one"',
        'order_items.order_id (from $parent.id): expected an integer (a number or a string of digits), got "one"',
        'order_tags.order_id (from $parent.id): expected an integer (a number or a string of digits), got "one"',
      ]);
    });

    it('rejects a record that is not an object', () => {
      const page = transformOrders([null, ['id', 1], order()]);
      expect(page.rejected.map(({ index, reason }) => [index, reason])).toEqual([
        [0, 'expected a record (an object), got null'],
        [1, 'expected a record (an object), got ["id",1]'],
      ]);
      expect(page.tables.orders).toHaveLength(1);
    });

    it('lists every table the resource writes, also when a page gives none of them rows', () => {
      expect(transformOrders([]).tables).toEqual({ orders: [], order_items: [], order_tags: [] });
      expect(transformOrders([{ id: 'x' }]).tables).toEqual({ orders: [], order_items: [], order_tags: [] });
    });
  });

  describe('replace', () => {
    it('gives the parent columns and the key of every valid parent, with or without children', () => {
      // Act
      const page = transformOrders([
        order({ id: 1 }),
        order({ id: 2, items: [] }),
        order({ id: 3, total: 'free' }),
        order({ id: 1 }),
      ]);

      // Assess: 3 is rejected, so its old rows stay; 1, twice in the page, is deleted once.
      expect(page.replace).toEqual({ order_items: { columns: ['order_id'], keys: [[1], [2]] } });
      expect(page.tables.order_items).toEqual([{ order_id: 1, sku: 'A-1', quantity: 2 }]);
    });

    it('has an entry, without keys, for a page with no valid parent', () => {
      expect(transformOrders([]).replace).toEqual({ order_items: { columns: ['order_id'], keys: [] } });
    });
  });

  describe('cursor', () => {
    it('is the greatest cursor value of the page, numbers compared as numbers, rejected records included', () => {
      const page = transformOrders([
        order({ meta: { version: 9 } }),
        order({ id: 'bad', meta: { version: 10 } }),
        order({ meta: {} }),
        order({ meta: { version: null } }),
        order({ meta: { version: 2 } }),
      ]);
      expect(page.rejected).toHaveLength(1);
      expect(page.cursor).toBe(10);
    });

    it('compares strings as strings, so ISO timestamps come in time order', () => {
      // Prepare
      const input = shopPipeline();
      input.incremental = {
        orders: { cursor: 'updatedAt', param: 'updated_since', start: '2024-01-01T00:00:00Z' },
      };
      const stamps = ['2024-03-09T10:00:00Z', '2024-03-10T09:00:00Z', '2024-03-01T23:59:59Z'];

      // Act
      const page = transformOrders(
        stamps.map((updatedAt) => order({ updatedAt })),
        parse(input),
      );

      // Assess
      expect(page.cursor).toBe('2024-03-10T09:00:00Z');
    });

    it('is null when no record has the field, or when the resource is not incremental', () => {
      const input = shopPipeline();
      delete input.incremental;
      expect(transformOrders([order({ meta: {} })]).cursor).toBeNull();
      expect(transformOrders([], parse(shopPipeline())).cursor).toBeNull();
      expect(transformOrders([order()], parse(input)).cursor).toBeNull();
    });
  });

  describe('HTML sources', () => {
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
            fields: { code: { selector: 'td.code' } },
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

    it('reads a declared field the extractor left out as null: NULL where nullable, rejected where not', () => {
      // Act
      const page = compileResourceTransform(parse(htmlPipeline()), 'episodes').transformPage([
        { code: 'S01E01' },
        { synopsis: 'No code.' },
      ]);

      // Assess
      expect(page.tables.episodes).toEqual([{ code: 'S01E01', synopsis: null }]);
      expect(page.rejected.map((rejected) => rejected.reason)).toEqual([
        'code (from code): required, got null; nullable: true would store NULL',
      ]);
    });
  });

  describe('modules', () => {
    const modulePipeline = (module: string): PipelineDefinition => {
      const input = shopPipeline();
      input.transform.orders = { module, tables: ['order_items', 'order_tags'] };
      input.destination.order_items.writeMode = 'upsert';
      delete input.destination.orders;
      return parse(input);
    };
    const tagsOnly: TransformModules = {
      'order-tags': {
        transformPage: (records) => ({
          tables: { order_tags: records.map((_record, index) => ({ order_id: index, tag: 'seen' })) },
          rejected: [],
          replace: {},
        }),
      },
    };

    it('runs the named module, lists the declared tables it left out, and adds the cursor', () => {
      const page = compileResourceTransform(modulePipeline('order-tags'), 'orders', tagsOnly).transformPage([
        order({ meta: { version: 4 } }),
      ]);
      expect(page).toEqual({
        tables: { order_items: [], order_tags: [{ order_id: 0, tag: 'seen' }] },
        rejected: [],
        replace: {},
        cursor: 4,
      });
    });

    it('uses the registry of shipped modules by default', () => {
      const input = shopPipeline();
      input.transform.orders = { module: 'episode-numbers', tables: ['episode_numbers'] };
      input.destination = {
        episode_numbers: {
          columns: { episode_id: 'int', season: 'int', number: 'int' },
          primaryKey: ['episode_id'],
        },
      };
      const page = compileResourceTransform(parse(input), 'orders').transformPage([
        { id: 28, episode: 'S03E07' },
      ]);
      expect(page.tables).toEqual({ episode_numbers: [{ episode_id: 28, season: 3, number: 7 }] });
    });

    it('throws, naming the known modules, when the module is not registered', () => {
      expect(() => compileResourceTransform(modulePipeline('order-tagz'), 'orders', tagsOnly)).toThrow(
        "pipeline shop: transform.orders.module 'order-tagz' is not a transform module (known: order-tags)",
      );
    });

    it('throws when a module writes a table the pipeline file does not list', () => {
      const rogue: TransformModules = {
        'order-tags': { transformPage: () => ({ tables: { orders: [] }, rejected: [], replace: {} }) },
      };
      const transformer = compileResourceTransform(modulePipeline('order-tags'), 'orders', rogue);
      expect(() => transformer.transformPage([])).toThrow(
        /wrote orders, which transform\.orders\.tables does not list/,
      );
    });
  });

  it('throws when the pipeline has no transform for the resource', () => {
    expect(() => compileResourceTransform(parse(shopPipeline()), 'refunds')).toThrow(
      "pipeline shop has no transform for resource 'refunds' (it has orders)",
    );
  });
});
