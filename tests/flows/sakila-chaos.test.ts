import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { advanceDay, connectToSakila, createSakilaDatabase } from '@sluice/fixtures';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planChaos } from '../support/chaos-plan.ts';
import { CHAOS_SERVICE_ENV, expectRunToRideOutChaos, runUnderChaos } from '../support/chaos-run.ts';
import { cleanUp } from '../support/clean-up.ts';
import { comparableStar, nameUpperBounds, readUpperBounds } from '../support/comparable-star.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { createPrivatePlatform, type PrivatePlatform } from '../support/private-platform.ts';
import { expectStarToMatchSource, rowsOf } from '../support/sakila-star.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { TEST_DATABASE_SERVER } from '../support/test-env.ts';
import { expectRunLoadedOnce, waitUntilDrained } from '../support/warehouse-assertions.ts';

const SEED = 20261207;
// 50 customers: 1,000 rentals and about as many payments, 25 films. Pages of 20 rows make day 1 about 110
// pages (rentals and payments 50 each, read one after another), as many as the Rick and Morty chaos run,
// and day 2 about 60 (customers and payments are compared whole every run), so every fault lands mid-run.
const CUSTOMERS = 50;
const PAGE_SIZE = 20;
const TABLES = ['customer', 'film', 'store', 'staff', 'inventory', 'rental', 'payment'] as const;
const READ_WHOLE = new Set<string>(['customer', 'store', 'staff', 'inventory', 'payment']);

/** The shipped sakila.yaml, with pages small enough that a run has many. */
const writeSakilaPipeline = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sakila-chaos-'));
  const shipped = readFileSync(join(PROJECT_ROOT, 'pipelines', 'sakila.yaml'), 'utf8');
  const small = shipped.replace(/^ {2}pageSize: \d+$/m, `  pageSize: ${PAGE_SIZE}`);
  if (small === shipped) throw new Error('pipelines/sakila.yaml has no source pageSize line to lower');
  writeFileSync(join(dir, 'sakila.yaml'), small);
  return dir;
};

/**
 * The chaos flow on the Sakila pipeline, two days, against a clean run of the same two days.
 *
 * One source, two platforms: the chaos platform (its warehouse on a MariaDB server of its own, which is
 * crashed mid-run, its services killed at random) and a clean one (the shared server, nothing killed).
 * Each day the chaos run goes first, then the clean run reads the very same source state, and only then
 * does the source move on a day. Two sources built from one seed would not do: the database sets
 * last_update as rows go in, and film and rental are read, and film's versions dated, by last_update.
 *
 * What "equal" means is in `comparableStar`: the runs read the source at different instants, so a version
 * dated by its snapshot (customer, store, staff) starts at each run's own upper bound; those are compared
 * by the day whose run read them. Surrogate keys are left out, and facts compared by the version they
 * point at.
 */
describe('Flow: chaos on the Sakila star over two days, against a clean run of the same days', () => {
  const database = `sakila_chaos_${process.pid}`;
  let source: Connection;
  let chaotic: PrivatePlatform;
  let clean: IsolatedPlatform;
  let chaosFleet: ServiceFleet;
  let cleanFleet: ServiceFleet;
  const sourceUrl = new URL(database, TEST_DATABASE_SERVER).toString();
  const upperBounds = { chaotic: [] as Record<string, string[]>[], clean: [] as Record<string, string[]>[] };

  /** Pages each stage handles in the day's run, at least: what the faults are timed against. */
  const pagesOfDay = async (day: number) => {
    let pages = 0;
    for (const table of TABLES) {
      const [row] = await rowsOf(source, `SELECT COUNT(*) AS n FROM ${table}`);
      // From day 2 on, a cursor capture reads what changed: a page or so.
      const whole = day === 1 || READ_WHOLE.has(table);
      pages += whole ? Math.max(1, Math.ceil(Number(row?.n) / PAGE_SIZE)) : 1;
    }
    return pages;
  };

  const withWarehouse = async <T>(url: string, work: (warehouse: Connection) => Promise<T>) => {
    const warehouse = await createConnection({ uri: url, dateStrings: true });
    try {
      return await work(warehouse);
    } finally {
      await warehouse.end();
    }
  };

  /** The day under chaos, with the operator's command; then the same day on the clean platform. */
  const runDay = async (day: number) => {
    const plan = planChaos(SEED + day, { killsPerService: 2, outageMs: 10_000, earliest: 0.05, latest: 0.6 });
    const chaosRun = await runUnderChaos({
      isolated: chaotic,
      fleet: chaosFleet,
      plan,
      pipeline: 'sakila',
      totalPages: await pagesOfDay(day),
      // The services' own source: a CLI that names another would be refused as a foreign configuration.
      variables: { SAKILA_DATABASE_URL: sourceUrl },
      label: `day-${day}`,
    });
    const chaosRunId = expectRunToRideOutChaos(chaosRun, plan);
    await expectRunLoadedOnce(chaotic.platform.warehouse.db, chaosRunId);

    const deps = runDepsOf(clean.platform);
    const cleanRunId = await requestRun(deps, await pipelineNamed(clean.env, 'sakila'), {});
    const cleanOutcome = await waitForRun(deps, cleanRunId, { timeoutMs: 120_000 });
    expect(cleanOutcome.status).toBe('succeeded');
    expect((await waitUntilDrained(clean.platform.sqs, clean.platform.queues)).deadLetters).toBe(0);

    upperBounds.chaotic.push(
      await withWarehouse(chaotic.env.DATABASE_URL, (warehouse) => readUpperBounds(warehouse, chaosRunId)),
    );
    upperBounds.clean.push(
      await withWarehouse(clean.env.DATABASE_URL, (warehouse) => readUpperBounds(warehouse, cleanRunId)),
    );
  };

  /** Both stars, each with its own runs' upper bounds named by day. */
  const bothStars = async () => {
    // Killed and restarted, a run still reads each table as of one point in time.
    for (const bounds of [...upperBounds.chaotic, ...upperBounds.clean]) {
      expect(Object.keys(bounds).sort()).toEqual([...TABLES].sort());
      for (const [resource, values] of Object.entries(bounds)) expect(values, resource).toHaveLength(1);
    }
    const chaos = await withWarehouse(chaotic.env.DATABASE_URL, (warehouse) =>
      comparableStar(warehouse, nameUpperBounds(upperBounds.chaotic)),
    );
    const calm = await withWarehouse(clean.env.DATABASE_URL, async (warehouse) => {
      await expectStarToMatchSource(warehouse, source);
      return comparableStar(warehouse, nameUpperBounds(upperBounds.clean));
    });
    return { chaos, calm };
  };

  beforeAll(async () => {
    source = await connectToSakila(TEST_DATABASE_SERVER);
    await createSakilaDatabase(source, { database, customers: CUSTOMERS, seed: SEED, replace: true });
    const pipelines = writeSakilaPipeline();
    chaotic = await createPrivatePlatform('sakchaos', { SLUICE_PIPELINES_DIR: pipelines });
    clean = await createIsolatedPlatform('sakclean', { SLUICE_PIPELINES_DIR: pipelines });
    const sourceEnv = { SAKILA_DATABASE_URL: sourceUrl };
    chaosFleet = createServiceFleet(
      serviceEnvOf(chaotic.env, { ...sourceEnv, ...CHAOS_SERVICE_ENV }),
      chaotic.logDir,
    );
    cleanFleet = createServiceFleet(
      serviceEnvOf(clean.env, { ...sourceEnv, SQS_WAIT_TIME_SECONDS: '1' }),
      clean.logDir,
    );
    await Promise.all([chaosFleet.startAll(), cleanFleet.startAll()]);
  }, 180_000);
  afterAll(async () => {
    await cleanUp('the sakila chaos flow', [
      () => chaosFleet?.stopAll(2_000),
      () => cleanFleet?.stopAll(5_000),
      () => source?.query(`DROP DATABASE IF EXISTS \`${database}\``),
      () => source?.end(),
      () => chaotic?.destroy(),
      () => clean?.destroy(),
    ]);
  });

  it('day 1 under chaos: succeeded, nothing dead-lettered, every table equal to the clean run', async () => {
    // Act
    await runDay(1);

    // Assess
    const { chaos, calm } = await bothStars();
    expect(calm.fact_payment?.length).toBeGreaterThan(0);
    expect(chaos).toEqual(calm);
  });

  it('day 2 under chaos: the day’s versions, retirements and facts equal to the clean run', async () => {
    // Prepare: the source's next simulated day, read by both platforms.
    const changes = await advanceDay(source, { seed: SEED, day: 1 });

    // Act
    await runDay(2);

    // Assess: the day did what a second day should, in both, and both stars are equal.
    const { chaos, calm } = await bothStars();
    expect(changes.tables.customer.updatedTracked.length).toBeGreaterThan(0);
    expect(changes.tables.customer.deleted.length).toBeGreaterThan(0);
    const closed = calm.dim_customer?.filter((version) => version.is_current === 0) ?? [];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.some((version) => version.valid_to === 'day 2 upper bound')).toBe(true);
    expect(chaos).toEqual(calm);
  });
});
