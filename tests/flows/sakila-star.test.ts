import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { advanceDay, connectToSakila, createSakilaDatabase, type DayChangeLog } from '@sluice/fixtures';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import {
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

  const run = async (label: string) => {
    const started = performance.now();
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'sakila'), {});
    const outcome = await waitForRun(deps, runId, { timeoutMs: 120_000 });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`sakila ${label}: ${seconds} s ${JSON.stringify(await starFigures(warehouse))}\n`);
    return outcome;
  };
  const currentRows = (table: keyof typeof SAKILA_DIMENSIONS) => {
    const { key, columns } = SAKILA_DIMENSIONS[table];
    return rowsOf(
      warehouse,
      `SELECT ${[key, ...columns].join(', ')} FROM ${table} WHERE is_current ORDER BY 1`,
    );
  };
  const sourceRows = (table: keyof typeof SAKILA_DIMENSIONS) => {
    const { source: from, key, columns } = SAKILA_DIMENSIONS[table];
    return rowsOf(source, `SELECT ${[key, ...columns].join(', ')} FROM ${from} ORDER BY 1`);
  };
  const versionsOf = (table: string, key: string, id: number) =>
    rowsOf(warehouse, `SELECT * FROM ${table} WHERE ${key} = ? ORDER BY valid_from`, [id]);

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
    for (const table of Object.keys(SAKILA_DIMENSIONS) as (keyof typeof SAKILA_DIMENSIONS)[]) {
      expect(await currentRows(table)).toEqual(await sourceRows(table));
    }
    const [sourcePayments] = await rowsOf(source, 'SELECT COUNT(*) AS n, SUM(amount) AS total FROM payment');
    const [loadedPayments] = await rowsOf(
      warehouse,
      'SELECT COUNT(*) AS n, SUM(amount) AS total FROM fact_payment',
    );
    expect(loadedPayments).toEqual(sourcePayments);
    const [sourceRentals] = await rowsOf(source, 'SELECT COUNT(*) AS n FROM rental');
    expect(await rowsOf(warehouse, 'SELECT COUNT(*) AS n FROM fact_rental')).toEqual([sourceRentals]);
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
    await source.query(
      `INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date)
       SELECT MAX(payment_id) + 1, ?, 1, NULL, '1.23', DATE_ADD(NOW(6), INTERVAL 1 HOUR) FROM payment`,
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
    for (const id of day1.tables.film.updatedUntracked) {
      expect(await versionsOf('dim_film', 'film_id', Number(id))).toHaveLength(1);
    }
    for (const [table, { key }] of Object.entries(SAKILA_DIMENSIONS)) {
      const notOne = await rowsOf(
        warehouse,
        `SELECT ${key} FROM ${table} GROUP BY ${key} HAVING SUM(is_current) <> 1`,
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
    const [late] = await rowsOf(
      warehouse,
      `SELECT d.is_current FROM fact_payment f JOIN dim_customer d ON d.dim_customer_sk = f.customer_sk
       WHERE f.customer_id = ? AND f.amount = 1.23`,
      [customerId],
    );
    expect(late).toEqual({ is_current: 1 });
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
