import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWarehouse, type Warehouse } from '../connect.ts';
import { applyDestination } from './apply-destination.ts';
import { readLiveTable } from './live-table.ts';

const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';
const database = `sluice_test_wh_${randomBytes(3).toString('hex')}`;
let warehouse: Warehouse;

beforeAll(async () => {
  const server = connectWarehouse(SERVER, 1);
  await server.db.execute(sql`create database ${sql.identifier(database)}`);
  await server.close();
  warehouse = connectWarehouse(new URL(database, SERVER).toString(), 2);
});

afterAll(async () => {
  await warehouse.db.execute(sql`drop database if exists ${sql.identifier(database)}`);
  await warehouse.close();
});

describe('Function: applyDestination() with scd2 and fact tables', () => {
  it('creates dimensions with their change tables and facts with their surrogate keys, once', async () => {
    // Prepare
    const file = fileURLToPath(new URL('../../../pipelines/sakila.yaml', import.meta.url));
    const parsed = await parsePipelineYaml(await readFile(file, 'utf8'), file);
    if (!parsed.ok) throw new Error('sakila.yaml is invalid');
    const pipeline = { name: 'sakila', destination: parsed.pipeline.destination };

    // Act
    const first = await applyDestination(warehouse.db, pipeline);
    const again = await applyDestination(warehouse.db, pipeline);

    // Assess
    expect(first.created.sort()).toEqual(
      [
        'dim_customer',
        'dim_film',
        'dim_inventory',
        'dim_staff',
        'dim_store',
        'fact_payment',
        'fact_rental',
      ].sort(),
    );
    expect(again).toEqual({ created: [], changed: [] });
    const dimension = await readLiveTable(warehouse.db, database, 'dim_customer');
    expect(dimension?.primaryKey).toEqual(['dim_customer_sk']);
    expect(dimension?.columns.map(({ name }) => name)).toContain('valid_from');
    expect(await readLiveTable(warehouse.db, database, 'dim_customer__changes')).not.toBeNull();
    const fact = await readLiveTable(warehouse.db, database, 'fact_payment');
    expect(fact?.columns.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['payment_id', 'payment_date', 'amount', 'customer_sk', 'staff_sk']),
    );
  });
});

describe('Function: applyDestination() when a history declaration changes', () => {
  /** A small star in its own tables: one dimension, one fact, changed between two applies. */
  const star = (changes: { overwrite?: string; tracked?: string; lookups?: boolean } = {}) => ({
    name: 'shop',
    destination: {
      dim_shop_copy: {
        columns: {
          copy_id: { type: 'int', nullable: false },
          film_id: { type: 'int', nullable: true },
          ...(changes.tracked ? { [changes.tracked]: { type: 'int', nullable: true } } : {}),
          ...(changes.overwrite ? { [changes.overwrite]: { type: 'varchar(20)', nullable: true } } : {}),
        },
        writeMode: 'scd2' as const,
        scd2: {
          naturalKey: ['copy_id'],
          tracked: ['film_id', ...(changes.tracked ? [changes.tracked] : [])],
          overwrite: changes.overwrite ? [changes.overwrite] : [],
          lowDate: '2000-01-01',
          validFrom: 'snapshot' as const,
        },
      },
      fact_shop_rental: {
        columns: {
          rental_id: { type: 'int', nullable: false },
          rented_at: { type: 'datetime(6)', nullable: false },
          copy_id: { type: 'int', nullable: true },
        },
        writeMode: 'fact' as const,
        fact: {
          id: 'rental_id',
          eventTime: 'rented_at',
          measures: changes.lookups ? [] : ['copy_id'],
          lookups: changes.lookups
            ? {
                copy_sk: {
                  dimension: 'dim_shop_copy',
                  naturalKey: { copy_id: 'copy_id' },
                  missing: 'infer' as const,
                },
              }
            : {},
        },
      },
    },
  });

  it('adds a new lookup to existing facts and points each at its version, and a new overwrite column', async () => {
    // Prepare: facts loaded before the fact looked its copy up.
    await applyDestination(warehouse.db, star() as never);
    await warehouse.db.execute(
      sql`insert into dim_shop_copy (copy_id, valid_from, valid_to, film_id) values (7, '2000-01-01', '9999-12-31', 70)`,
    );
    await warehouse.db.execute(
      sql`insert into fact_shop_rental (rental_id, rented_at, copy_id) values (1, '2025-01-01', 7), (2, '2025-01-02', 8)`,
    );

    // Act
    const changed = await applyDestination(
      warehouse.db,
      star({ lookups: true, overwrite: 'shelf' }) as never,
    );

    // Assess
    expect(changed.changed).toEqual([
      'dim_shop_copy: added shelf varchar(20) (null in the rows already there)',
      'dim_shop_copy__changes: added shelf varchar(20) (null in the rows already there)',
      'fact_shop_rental: added copy_sk, every fact pointed at its dim_shop_copy version',
    ]);
    const [rows] = (await warehouse.db.execute(
      sql`select f.rental_id, d.copy_id from fact_shop_rental f left join dim_shop_copy d on d.dim_shop_copy_sk = f.copy_sk order by 1`,
    )) as unknown as [Record<string, unknown>[]];
    expect(rows).toEqual([
      { rental_id: 1, copy_id: 7 },
      { rental_id: 2, copy_id: null },
    ]);
    expect(
      await applyDestination(warehouse.db, star({ lookups: true, overwrite: 'shelf' }) as never),
    ).toEqual({
      created: [],
      changed: [],
    });
  });

  it('refuses a new tracked column, naming the table, the column and the way out, and changes nothing', async () => {
    // Act
    const refused = applyDestination(
      warehouse.db,
      star({ lookups: true, overwrite: 'shelf', tracked: 'store_id' }) as never,
    );

    // Assess
    await expect(refused).rejects.toThrow(
      /dim_shop_copy\.store_id is new, and a new tracked column changes every version's row hash; reset the table/,
    );
    await expect(refused).rejects.toThrow(
      /dim_shop_copy tracks \[film_id, store_id\], its versions were hashed on \[film_id\]/,
    );
    const live = await readLiveTable(warehouse.db, database, 'dim_shop_copy');
    expect(live?.columns.map(({ name }) => name)).not.toContain('store_id');
  });
});
