import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { DELETED_RECORD } from '@sluice/contracts';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { SHOP_SCHEMA, seedShop, shopPipeline, TIMEZONE } from '../support/shop-source.ts';
import { createSourceDatabase, type SourceDatabase } from '../support/source-database.ts';
import { objectText as readObject, snapshotOf as readSnapshot } from '../support/staged-snapshots.ts';

/**
 * The shop's tables compared with their previous snapshot: payments by `snapshot_diff` (every column,
 * internal_ref included, which no save moves last_update for), order lines read `full`.
 */
const diffPipeline = {
  ...shopPipeline,
  name: 'shop-diff',
  source: {
    ...shopPipeline.source,
    resources: {
      order_lines: shopPipeline.source.resources.order_lines,
      payments: { table: 'payment', primaryKey: ['payment_id'], capture: 'snapshot_diff' },
    },
  },
  transform: {
    ...shopPipeline.transform,
    payments: {
      ...shopPipeline.transform.payments,
      columns: {
        ...shopPipeline.transform.payments.columns,
        internal_ref: { from: 'internal_ref', type: 'string', nullable: true },
      },
    },
  },
  destination: {
    ...shopPipeline.destination,
    shop_payments: {
      ...shopPipeline.destination.shop_payments,
      columns: {
        ...shopPipeline.destination.shop_payments.columns,
        internal_ref: { type: 'varchar(64)', nullable: true },
      },
    },
  },
};

describe('Flow: tables compared with their previous snapshot, deletes included (MariaDB, LocalStack)', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let source: SourceDatabase;
  let warehouse: Connection;

  const run = async () => {
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'shop-diff'), {});
    const outcome = await waitForRun(deps, runId, { timeoutMs: 90_000 });
    return { runId, outcome };
  };
  const rows = async (db: Connection, sql: string) => (await db.query(sql))[0];
  const PAYMENT_COLUMNS = 'payment_id, amount, note, internal_ref, last_update';
  const LINE_COLUMNS = 'order_id, line_no, sku, unit_price, shipped_at, placed_at';
  const sourcePayments = () => rows(source.admin, `SELECT ${PAYMENT_COLUMNS} FROM payment ORDER BY 1`);
  const warehousePayments = () => rows(warehouse, `SELECT ${PAYMENT_COLUMNS} FROM shop_payments ORDER BY 1`);
  const sourceLines = () => rows(source.admin, `SELECT ${LINE_COLUMNS} FROM order_lines ORDER BY 1, 2`);
  const warehouseLines = () => rows(warehouse, `SELECT ${LINE_COLUMNS} FROM shop_order_lines ORDER BY 1, 2`);

  const objectText = (key: string) => readObject(isolated.platform, key);
  const snapshotOf = (table: string, runId: string) =>
    readSnapshot(isolated.platform, { pipeline: 'shop-diff', table, runId });

  beforeAll(async () => {
    source = await createSourceDatabase('snapdiff', TIMEZONE);
    await source.admin.query(SHOP_SCHEMA);
    await seedShop(source.admin);
    isolated = await createIsolatedPlatform('snapdiff', {
      SLUICE_PIPELINES_DIR: writePipelineFiles([diffPipeline]),
    });
    warehouse = await createConnection({ uri: isolated.env.DATABASE_URL, dateStrings: true });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', SHOP_SRC_DATABASE_URL: source.url }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 90_000);
  afterAll(async () => {
    await cleanUp('the snapshot diff flow', [
      () => fleet?.stopAll(5_000),
      () => warehouse?.end(),
      () => source?.drop(),
      () => isolated?.destroy(),
    ]);
  });

  it('first run: every row loaded, nothing to compare with', async () => {
    // Act
    const { runId, outcome } = await run();

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(await warehousePayments()).toEqual(await sourcePayments());
    expect(await warehouseLines()).toEqual(await sourceLines());
    const { manifest } = await snapshotOf('payment', runId);
    expect(manifest).toMatchObject({
      capture: 'snapshot_diff',
      rows: 6,
      pages: 2,
      base: null,
      changes: null,
    });
  });

  it('second run: inserts, updates (one that leaves last_update alone) and deletes, counted and applied', async () => {
    // Prepare: 2 inserts, 2 updates, 2 deletes (one the greatest key) of payments; a line deleted, one added.
    await source.admin.query(
      "UPDATE payment SET amount = '22.22', last_update = NOW(6) WHERE payment_id = 2",
    );
    await source.admin.query("UPDATE payment SET internal_ref = 'moved' WHERE payment_id = 5");
    await source.admin.query('DELETE FROM payment WHERE payment_id IN (3, 6)');
    await source.admin.query(
      "INSERT INTO payment VALUES (7, '70.07', 'new', NULL, NOW(6)), (9, '90.09', 'newer', 'r9', NOW(6))",
    );
    await source.admin.query('DELETE FROM order_lines WHERE order_id = 4 AND line_no = 2');
    await source.admin.query("INSERT INTO order_lines VALUES (5, 1, 'SKU-5-1', '1.0000', NULL, NOW(6))");

    // Act
    const { runId, outcome } = await run();

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(await warehousePayments()).toEqual(await sourcePayments());
    expect(await warehouseLines()).toEqual(await sourceLines());
    const payments = await snapshotOf('payment', runId);
    expect(payments.manifest).toMatchObject({ rows: 6, changes: { inserted: 2, updated: 2, deleted: 2 } });
    // The snapshot stays the table as read; what went on is beside it, deletions marked.
    const changes = payments.keys.filter((key) => key.includes('/changes/'));
    const changed = (await Promise.all(changes.map(objectText))).join('').split('\n').filter(Boolean);
    expect(changed.map((line) => JSON.parse(line)).filter((record) => record[DELETED_RECORD])).toHaveLength(
      2,
    );
    expect(changed).toHaveLength(6);
    const snapshot = payments.keys.filter((key) => /\/\d{6}\.jsonl$/.test(key) && !key.includes('/changes/'));
    const staged = (await Promise.all(snapshot.map(objectText))).join('').split('\n').filter(Boolean);
    expect(staged.map((line) => JSON.parse(line).payment_id)).toEqual([1, 2, 4, 5, 7, 9]);
    const lines = await snapshotOf('order_lines', runId);
    expect(lines.manifest).toMatchObject({
      capture: 'full',
      changes: { inserted: 1, updated: 0, deleted: 1 },
    });
    // Counts reconcile: the payments' 6 changes extracted, all loaded (2 of them as deletions).
    const progress = outcome.progress.resources.find(({ resource }) => resource === 'payments');
    expect(progress?.records).toEqual({ extracted: 6, rejected: 0, loaded: 6 });
  });

  it('an unchanged rerun finds no change and passes no payment on', async () => {
    // Prepare
    const before = await warehousePayments();

    // Act
    const { runId, outcome } = await run();

    // Assess
    expect(outcome.status).toBe('succeeded');
    const { manifest } = await snapshotOf('payment', runId);
    expect(manifest).toMatchObject({ rows: 6, changes: { inserted: 0, updated: 0, deleted: 0 } });
    expect(await warehousePayments()).toEqual(before);
  });
});
