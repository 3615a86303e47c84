import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type DestinationTable, parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { sql } from 'drizzle-orm';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWarehouse, type Warehouse } from '../connect.ts';
import { migrateWarehouse } from '../migrate.ts';
import { upsertRows, upsertStatement } from '../upsert.ts';
import { applyDestination } from './apply-destination.ts';
import { drizzleTableOf } from './drizzle-table.ts';
import { readLiveTable } from './live-table.ts';
import { SchemaChangeRefused } from './schema-change-refused.ts';
import { declareTable } from './test-factories.ts';

const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';
const database = `sluice_test_wt_${randomBytes(3).toString('hex')}`;
const databaseUrl = (() => {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
})();
// Migration 0000_init as it was before the warehouse tables moved to the pipeline files: what existing
// deployments have, and what rickandmorty.yaml must find unchanged.
const INIT_MIGRATION = fileURLToPath(new URL('./fixtures/init-migration', import.meta.url));

const destinationOf = async (pipeline: string) => {
  const file = fileURLToPath(new URL(`../../../pipelines/${pipeline}.yaml`, import.meta.url));
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${file} is invalid: ${JSON.stringify(result.errors)}`);
  return result.pipeline.destination;
};

/** Tables of their own for each case, so the cases do not depend on each other's order. */
const renamed = (tables: Record<string, DestinationTable>, prefix: string) =>
  Object.fromEntries(Object.entries(tables).map(([name, table]) => [`${prefix}_${name}`, table]));

const asset = (id: string, price: string) => ({
  id,
  rank: 1,
  symbol: id.toUpperCase(),
  name: `${id} 🪙`,
  supply: '19700000.12345678',
  max_supply: null,
  market_cap_usd: null,
  volume_usd_24h: null,
  price_usd: price,
  change_percent_24h: '-1.234567890123456789',
  vwap_24h: null,
  explorer: null,
});

let warehouse: Warehouse;

beforeAll(async () => {
  await migrateWarehouse(databaseUrl, INIT_MIGRATION);
  warehouse = connectWarehouse(databaseUrl, 4);
}, 30_000);

afterAll(async () => {
  await warehouse.db.execute(sql`drop database if exists ${sql.identifier(database)}`);
  await warehouse.close();
});

describe('Function: applyDestination()', () => {
  it('finds the Rick and Morty tables of migration 0000_init as rickandmorty.yaml declares them', async () => {
    // Prepare
    const destination = await destinationOf('rickandmorty');

    // Act
    const result = await applyDestination(warehouse.db, { name: 'rickandmorty', destination });

    // Assess
    expect(result).toEqual({ created: [], changed: [] });
    expect(await readLiveTable(warehouse.db, database, 'characters')).toMatchObject({
      primaryKey: ['id'],
      indexes: [{ name: 'characters_location_id_idx', unique: false, columns: ['location_id'] }],
    });
  });

  it('creates the coincap tables, whose rows then read back digit for digit', async () => {
    // Prepare
    const destination = await destinationOf('coincap');
    const assets = drizzleTableOf('coincap_assets', destination.coincap_assets as DestinationTable);
    const exchanges = drizzleTableOf('coincap_exchanges', destination.coincap_exchanges as DestinationTable);
    const exchange = {
      id: 'binance',
      name: 'Binance',
      rank: 1,
      percent_total_volume: '12.345678901234567890',
      volume_usd: '123456789012345678901234567890.123456789012345678',
      trading_pairs: 1200,
      socket: true,
      exchange_url: null,
      updated_at: '2024-05-01 12:00:00.123',
    };

    // Act
    const result = await applyDestination(warehouse.db, { name: 'coincap', destination });
    await upsertStatement(warehouse.db, assets, [
      asset('bitcoin', '1'),
      asset('shib', '0.000012345678901234'),
    ]);
    await upsertStatement(warehouse.db, assets, [asset('bitcoin', '67012.123456789012345678')]);
    await upsertStatement(warehouse.db, exchanges, [exchange, { ...exchange, id: 'kraken', socket: false }]);
    const again = await applyDestination(warehouse.db, { name: 'coincap', destination });

    // Assess
    expect(result).toEqual({ created: ['coincap_assets', 'coincap_exchanges'], changed: [] });
    expect(again).toEqual({ created: [], changed: [] });
    const assetRows = await warehouse.db.select().from(assets).orderBy(sql`id`);
    expect(assetRows.map((row) => [row.id, row.price_usd, row.name, row.max_supply])).toEqual([
      ['bitcoin', '67012.123456789012345678', 'bitcoin 🪙', null],
      ['shib', '0.000012345678901234', 'shib 🪙', null],
    ]);
    expect(assetRows[0]?.change_percent_24h).toBe('-1.234567890123456789');
    const exchangeRows = await warehouse.db.select().from(exchanges).orderBy(sql`id`);
    expect(exchangeRows).toEqual([exchange, { ...exchange, id: 'kraken', socket: false }]);
    const [collation] = (await warehouse.db.execute(
      sql`select table_collation as c from information_schema.tables where table_schema = ${database} and table_name = 'coincap_assets'`,
    )) as unknown as [{ c: string }[]];
    expect(collation).toEqual([{ c: 'utf8mb4_unicode_ci' }]);
  });

  it('stores JSON columns as the JSON text it is given', async () => {
    // Prepare
    const events = declareTable({
      columns: { id: 'bigint', body: 'json', note: { type: 'text', nullable: true } },
      primaryKey: ['id'],
    });
    const table = drizzleTableOf('json_events', events);
    const body = '{"tags":["a","b"],"n":1.50}';

    // Act
    await applyDestination(warehouse.db, { name: 'events', destination: { json_events: events } });
    await upsertStatement(warehouse.db, table, [{ id: 9_007_199_254_740_991, body, note: null }]);

    // Assess: stored as given; mysql2 hands MariaDB's JSON back parsed, and the column makes it text again.
    const [stored] = (await warehouse.db.execute(
      sql`select concat('', body) as body, json_value(body, '$.tags[1]') as tag from json_events`,
    )) as unknown as [{ body: string; tag: string }[]];
    expect(stored).toEqual([{ body, tag: 'b' }]);
    const [row] = await warehouse.db.select().from(table);
    expect(row).toMatchObject({ id: 9_007_199_254_740_991, note: null });
    expect(JSON.parse(String(row?.body))).toEqual({ tags: ['a', 'b'], n: 1.5 });
    // json compares as json although MariaDB keeps it as LONGTEXT.
    expect(
      await applyDestination(warehouse.db, { name: 'events', destination: { json_events: events } }),
    ).toEqual({
      created: [],
      changed: [],
    });
  });

  it('upsertRows stores every value as it was given and updates on the key: quotes, backslashes, emoji, JSON text, null', async () => {
    // Prepare
    const declared = declareTable({
      columns: {
        id: 'bigint',
        name: 'varchar(255)',
        body: 'json',
        price: 'decimal(38,18)',
        note: { type: 'text', nullable: true },
      },
      primaryKey: ['id'],
    });
    const table = drizzleTableOf('escaped_rows', declared);
    const name = 'Rick\'s \\ "garage" 🛸\n\'; drop table escaped_rows; --';
    const rows = [
      {
        id: 9_007_199_254_740_991,
        name,
        body: '{"a":["x\\"y"]}',
        price: '67012.123456789012345678',
        note: null,
      },
      { id: 2, name: 'Morty', body: '[]', price: '1.5', note: 'first' },
    ];
    await applyDestination(warehouse.db, { name: 'escaped', destination: { escaped_rows: declared } });

    // Act: written, then written again with a change
    await upsertRows(warehouse.db, table, rows);
    await upsertRows(warehouse.db, table, [{ ...rows[1], note: 'second' }] as typeof rows);

    // Assess
    const stored = await warehouse.db.select().from(table).orderBy(sql`id`);
    expect(stored).toEqual([
      { id: 2, name: 'Morty', body: '[]', price: '1.500000000000000000', note: 'second' },
      { ...rows[0], price: '67012.123456789012345678' },
    ]);
  });

  it('adds a nullable column and an index to a table with rows, and widens a column, keeping the rows', async () => {
    // Prepare
    const declared = (await destinationOf('coincap')).coincap_assets as DestinationTable;
    await applyDestination(warehouse.db, { name: 'coincap', destination: { evolve_assets: declared } });
    await upsertStatement(warehouse.db, drizzleTableOf('evolve_assets', declared), [
      asset('bitcoin', '67012.5'),
    ]);
    const evolved = declareTable({
      ...declared,
      columns: {
        ...declared.columns,
        symbol: 'varchar(64)',
        logo_url: { type: 'varchar(512)', nullable: true },
      },
      indexes: { evolve_assets_symbol_idx: ['symbol'] },
    });

    // Act
    const result = await applyDestination(warehouse.db, {
      name: 'coincap',
      destination: { evolve_assets: evolved },
    });

    // Assess
    expect(result).toEqual({
      created: [],
      changed: [
        'evolve_assets.symbol: widened, varchar(32) NOT NULL → varchar(64) NOT NULL',
        'evolve_assets.logo_url: added, varchar(512) NULL',
        'evolve_assets: added index evolve_assets_symbol_idx (symbol)',
      ],
    });
    const table = drizzleTableOf('evolve_assets', evolved);
    const rows = await warehouse.db.select().from(table);
    expect(rows.map(({ id, price_usd, logo_url }) => ({ id, price_usd, logo_url }))).toEqual([
      { id: 'bitcoin', price_usd: '67012.500000000000000000', logo_url: null },
    ]);
    await upsertStatement(warehouse.db, table, [
      { ...asset('bitcoin', '1'), symbol: 'B'.repeat(64), logo_url: 'x' },
    ]);
    expect(
      await applyDestination(warehouse.db, { name: 'coincap', destination: { evolve_assets: evolved } }),
    ).toEqual({
      created: [],
      changed: [],
    });
  });

  it('refuses a narrowing and a dropped key, naming each, and changes nothing at all', async () => {
    // Prepare
    const coincap = await destinationOf('coincap');
    const tables = renamed(coincap, 'refuse');
    await applyDestination(warehouse.db, { name: 'coincap', destination: tables });
    await upsertStatement(
      warehouse.db,
      drizzleTableOf('refuse_coincap_assets', tables.refuse_coincap_assets as DestinationTable),
      [asset('bitcoin', '67012.5')],
    );
    const assets = tables.refuse_coincap_assets as DestinationTable;
    const exchanges = tables.refuse_coincap_exchanges as DestinationTable;
    const wanted = {
      // Narrowed, beside a column that alone would be added.
      refuse_coincap_assets: declareTable({
        ...assets,
        columns: {
          ...assets.columns,
          symbol: 'varchar(8)',
          logo_url: { type: 'varchar(512)', nullable: true },
        },
      }),
      refuse_coincap_exchanges: declareTable({ ...exchanges, primaryKey: undefined, writeMode: 'append' }),
      refuse_new_table: declareTable({ columns: { id: 'int' }, writeMode: 'append' }),
    };
    const before = await Promise.all(
      Object.keys(wanted).map((name) => readLiveTable(warehouse.db, database, name)),
    );

    // Act
    const failure = await applyDestination(warehouse.db, { name: 'coincap', destination: wanted }).catch(
      (error) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(SchemaChangeRefused);
    expect(failure.retryable).toBe(false);
    expect(failure.refusals).toEqual([
      expect.stringMatching(
        /^refuse_coincap_assets\.symbol: varchar\(32\) in the table, varchar\(8\) declared: .*revert the YAML$/,
      ),
      expect.stringMatching(
        /^refuse_coincap_exchanges: primary key \(id\) in the table, none declared: .*revert the YAML$/,
      ),
    ]);
    expect(failure.message).toContain(
      'pipeline coincap: the warehouse tables were left unchanged, because:\n  - refuse_coincap_assets.symbol',
    );
    const after = await Promise.all(
      Object.keys(wanted).map((name) => readLiveTable(warehouse.db, database, name)),
    );
    expect(after).toEqual(before);
    expect(after[2]).toBeNull();
  });

  it('lets two loaders starting at once apply the same destination', async () => {
    // Prepare: two processes' pools, as two loaders would have.
    const tables = renamed(await destinationOf('coincap'), 'race');
    const other = connectWarehouse(databaseUrl, 2);

    // Act
    const results = await Promise.all([
      applyDestination(warehouse.db, { name: 'coincap', destination: tables }),
      applyDestination(other.db, { name: 'coincap', destination: tables }),
    ]).finally(() => other.close());

    // Assess: one created both tables, the other found them made.
    expect(results.map((result) => result.created).sort()).toEqual([
      [],
      ['race_coincap_assets', 'race_coincap_exchanges'],
    ]);
    expect(results.map((result) => result.changed)).toEqual([[], []]);
  });

  it('gives up when another loader holds the schema lock too long', async () => {
    // Prepare
    const holder = await createConnection({ uri: databaseUrl });
    await holder.query('select get_lock(?, 0)', [`sluice_schema:${database}`]);

    // Act
    const attempt = applyDestination(
      warehouse.db,
      {
        name: 'events',
        destination: { locked_out: declareTable({ columns: { id: 'int' }, writeMode: 'append' }) },
      },
      { lockTimeoutSeconds: 1 },
    );

    // Assess
    await expect(attempt).rejects.toThrow(
      `another loader held the schema lock sluice_schema:${database} for more than 1s`,
    );
    await holder.end();
    expect(await readLiveTable(warehouse.db, database, 'locked_out')).toBeNull();
  });
});
