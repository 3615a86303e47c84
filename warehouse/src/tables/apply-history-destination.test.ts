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
      ['dim_customer', 'dim_film', 'dim_inventory', 'dim_staff', 'dim_store', 'fact_payment', 'fact_rental'].sort(),
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
