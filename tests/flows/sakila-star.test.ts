import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PROJECT_ROOT, pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { advanceDay, connectToSakila, createSakilaDatabase, type DayChangeLog } from '@sluice/fixtures';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import {
  expectStarToMatchSource,
  misdatedFacts,
  rowsOf,
  SAKILA_DIMENSIONS,
  starContents,
  starFigures,
} from '../support/sakila-star.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';

const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';
const CUSTOMERS = 40;

describe('Flow: the Sakila sample into a star schema, day after day (MariaDB, LocalStack)', () => {
  const database = `sakila_flow_${process.pid}`;
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let source: Connection;
  let warehouse: Connection;
  let day1: DayChangeLog;
  let day2: DayChangeLog;
  let runIds: string[] = [];

  const run = async (label: string) => {
    const started = performance.now();
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'sakila'), {});
    runIds = [...runIds, runId];
    const outcome = await waitForRun(deps, runId, { timeoutMs: 120_000 });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`sakila ${label}: ${seconds} s ${JSON.stringify(await starFigures(warehouse))}\n`);
    return outcome;
  };
  const versionsOf = (table: string, key: string, id: number) =>
    rowsOf(warehouse, `SELECT * FROM ${table} WHERE ${key} = ? ORDER BY valid_from`, [id]);
  /** The manifest of the last run's snapshot of a table. */
  const manifestOf = async (table: string) => {
    const { s3, bucket } = isolated.platform;
    const runId = runIds.at(-1) ?? '';
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `snapshots/sakila/${table}/` }),
    );
    const key = (listed.Contents ?? [])
      .map(({ Key }) => Key ?? '')
      .find((name) => name.endsWith(`/${runId}/manifest.json`));
    if (!key) throw new Error(`no manifest of ${table} for run ${runId}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? '{}') as Record<string, unknown>;
  };

  beforeAll(async () => {
    source = await connectToSakila(SERVER);
    await createSakilaDatabase(source, { database, customers: CUSTOMERS, seed: 7, replace: true });
    const pipelines = mkdtempSync(join(tmpdir(), 'sluice-sakila-'));
    copyFileSync(join(PROJECT_ROOT, 'pipelines', 'sakila.yaml'), join(pipelines, 'sakila.yaml'));
    isolated = await createIsolatedPlatform('sakila', { SLUICE_PIPELINES_DIR: pipelines });
    warehouse = await createConnection({ uri: isolated.env.DATABASE_URL, dateStrings: true });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        SQS_WAIT_TIME_SECONDS: '1',
        SAKILA_DATABASE_URL: new URL(database, SERVER).toString(),
      }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 120_000);
  afterAll(async () => {
    await cleanUp('the sakila flow', [
      () => fleet?.stopAll(5_000),
      () => warehouse?.end(),
      () => source?.query(`DROP DATABASE IF EXISTS \`${database}\``),
      () => source?.end(),
      () => isolated?.destroy(),
    ]);
  });

  it('day 1: one current version per source row, every fact with its members, payments to the cent', async () => {
    // Act
    const outcome = await run('day 1');

    // Assess
    expect(outcome.status).toBe('succeeded');
    await expectStarToMatchSource(warehouse, source);
    const orphans = await rowsOf(
      warehouse,
      `SELECT 'rental' AS fact, rental_id AS id FROM fact_rental WHERE customer_sk < 0 OR staff_sk < 0
       UNION ALL SELECT 'payment', payment_id FROM fact_payment WHERE customer_sk < 0 OR staff_sk < 0`,
    );
    expect(orphans).toEqual([]);
  });

  it('day 2: a tracked change closes the old version, a save without change opens none, facts find their version', async () => {
    // Prepare: the next simulated day, then a payment after it for a customer whose email changed.
    day1 = await advanceDay(source, { seed: 7, day: 1 });
    const changed = day1.tables.customer.updatedTracked.filter(
      (id) => !day1.tables.customer.deleted.includes(Number(id)),
    );
    const customerId = Number(changed[0]);
    // A key far above the sample's own, which the next simulated day goes on from.
    await source.query(
      `INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date)
       VALUES (9000001, ?, 1, NULL, '1.23', DATE_ADD(NOW(6), INTERVAL 1 HOUR))`,
      [customerId],
    );

    // Act
    const outcome = await run('day 2');

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(changed.length).toBeGreaterThan(0);
    for (const id of changed) {
      const versions = await versionsOf('dim_customer', 'customer_id', Number(id));
      expect(versions.length).toBe(2);
      expect(versions.map((version) => version.is_current)).toEqual([0, 1]);
      expect(versions[0]?.valid_to).toBe(versions[1]?.valid_from);
    }
    for (const id of day1.tables.customer.updatedUntracked) {
      expect(await versionsOf('dim_customer', 'customer_id', Number(id))).toHaveLength(1);
    }
    // snapshot_diff sees what a cursor cannot: a change that left last_update alone, and deletes.
    expect(day1.tables.customer.updatedWithoutLastUpdate.length).toBeGreaterThan(0);
    for (const id of day1.tables.customer.updatedWithoutLastUpdate) {
      const versions = await versionsOf('dim_customer', 'customer_id', Number(id));
      expect(versions.map((version) => version.is_current)).toEqual([0, 1]);
    }
    expect(day1.tables.customer.deleted.length).toBeGreaterThan(0);
    for (const id of day1.tables.customer.deleted) {
      const versions = await versionsOf('dim_customer', 'customer_id', Number(id));
      expect(versions.at(-1)).toMatchObject({ is_current: 0, is_deleted: 1 });
    }
    const { customer } = day1.tables;
    expect(await manifestOf('customer')).toMatchObject({
      capture: 'snapshot_diff',
      changes: {
        inserted: customer.inserted.length,
        updated:
          customer.updatedTracked.length +
          customer.updatedUntracked.length +
          customer.updatedWithoutLastUpdate.length,
        deleted: customer.deleted.length,
      },
    });
    await expectStarToMatchSource(warehouse, source);
    for (const id of day1.tables.film.updatedUntracked) {
      expect(await versionsOf('dim_film', 'film_id', Number(id))).toHaveLength(1);
    }
    for (const [table, { key }] of Object.entries(SAKILA_DIMENSIONS)) {
      // One current row per key, but for a key the source deleted, which has none.
      const notOne = await rowsOf(
        warehouse,
        `SELECT ${key} FROM ${table} GROUP BY ${key} HAVING SUM(is_current) <> 1 AND MAX(is_deleted) = 0`,
      );
      expect(notOne).toEqual([]);
    }
    for (const [fact, eventTime] of [
      ['fact_rental', 'rental_date'],
      ['fact_payment', 'payment_date'],
    ] as const) {
      const customer = { sk: 'customer_sk', dimension: 'dim_customer', key: 'customer_id' };
      const staff = { sk: 'staff_sk', dimension: 'dim_staff', key: 'staff_id' };
      expect(await misdatedFacts(warehouse, fact, eventTime, customer)).toEqual([]);
      expect(await misdatedFacts(warehouse, fact, eventTime, staff)).toEqual([]);
    }
    const copy = { sk: 'inventory_sk', dimension: 'dim_inventory', key: 'inventory_id' };
    expect(await misdatedFacts(warehouse, 'fact_rental', 'rental_date', copy)).toEqual([]);
    const [late] = await rowsOf(
      warehouse,
      `SELECT d.is_current FROM fact_payment f JOIN dim_customer d ON d.dim_customer_sk = f.customer_sk
       WHERE f.customer_id = ? AND f.amount = 1.23`,
      [customerId],
    );
    expect(late).toEqual({ is_current: 1 });
  });

  it('day 3: a deleted customer put back opens a new version, a change undone makes a third', async () => {
    // Prepare
    day2 = await advanceDay(source, { seed: 7, day: 2 });
    const { reinserted, reverted } = day2.tables.customer;

    // Act
    const outcome = await run('day 3');

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(reinserted.length).toBeGreaterThan(0);
    for (const id of reinserted) {
      const versions = await versionsOf('dim_customer', 'customer_id', Number(id));
      expect(versions.map(({ is_deleted, is_current }) => [is_deleted, is_current])).toEqual([
        [1, 0],
        [0, 1],
      ]);
    }
    expect(reverted.length).toBeGreaterThan(0);
    for (const id of reverted) {
      const versions = await versionsOf('dim_customer', 'customer_id', Number(id));
      expect(versions).toHaveLength(3);
      expect(versions[2]?.row_hash).toBe(versions[0]?.row_hash);
    }
    await expectStarToMatchSource(warehouse, source);
  });

  it('a rerun with nothing changed at the source changes no row of the star', async () => {
    // Prepare
    const before = await starContents(warehouse);

    // Act
    const outcome = await run('rerun');

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(await starContents(warehouse)).toEqual(before);
  });
});
