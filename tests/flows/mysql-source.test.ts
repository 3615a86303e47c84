import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { recordStatements, type StatementLog } from '@sluice/fixtures';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { SHOP_SCHEMA, seedShop, shopPipeline, TIMEZONE } from '../support/shop-source.ts';
import { createSourceDatabase, type SourceDatabase } from '../support/source-database.ts';
import { snapshotOf as readSnapshot } from '../support/staged-snapshots.ts';

describe('Flow: a mysql source, table by table in keyset pages, into the warehouse (MariaDB, LocalStack)', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let source: SourceDatabase;
  let warehouse: Connection;
  let log: StatementLog;
  let firstRunId = '';

  const run = async () => {
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'shop-src'), {});
    const outcome = await waitForRun(deps, runId, { timeoutMs: 90_000 });
    return { runId, outcome };
  };
  const rows = async (db: Connection, sql: string) => (await db.query(sql))[0];
  const sourceLines = () =>
    rows(
      source.admin,
      'SELECT order_id, line_no, sku, unit_price, shipped_at, placed_at FROM order_lines ORDER BY 1, 2',
    );
  const sourcePayments = () =>
    rows(source.admin, 'SELECT payment_id, amount, note, last_update FROM payment ORDER BY 1');
  const warehouseLines = () =>
    rows(
      warehouse,
      'SELECT order_id, line_no, sku, unit_price, shipped_at, placed_at FROM shop_order_lines ORDER BY 1, 2',
    );
  const warehousePayments = () =>
    rows(warehouse, 'SELECT payment_id, amount, note, last_update FROM shop_payments ORDER BY 1');

  const snapshotOf = (table: string, runId: string) =>
    readSnapshot(isolated.platform, { pipeline: 'shop-src', table, runId });

  beforeAll(async () => {
    source = await createSourceDatabase('mysqlsrc', TIMEZONE);
    await source.admin.query(SHOP_SCHEMA);
    await seedShop(source.admin);
    log = await recordStatements(source.admin, source.user);
    isolated = await createIsolatedPlatform('mysqlsrc', {
      SLUICE_PIPELINES_DIR: writePipelineFiles([shopPipeline]),
    });
    warehouse = await createConnection({
      uri: isolated.env.DATABASE_URL,
      dateStrings: true,
      bigNumberStrings: true,
      supportBigNumbers: true,
    });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', SHOP_SRC_DATABASE_URL: source.url }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 90_000);
  afterAll(async () => {
    // Each step whatever the others did: the server is shared, so its log and our databases must go.
    await cleanUp('the mysql source flow', [
      () => fleet?.stopAll(5_000),
      () => log?.restore(),
      () => warehouse?.end(),
      () => source?.drop(),
      () => isolated?.destroy(),
    ]);
  });

  it('loads every row of both tables exactly as the source has them, and stages dated snapshots', async () => {
    // Act
    const { runId, outcome } = await run();
    firstRunId = runId;

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(await warehouseLines()).toEqual(await sourceLines());
    expect(await warehousePayments()).toEqual(await sourcePayments());
    const lines = await snapshotOf('order_lines', runId);
    expect(lines.manifest).toMatchObject({
      runId,
      table: 'order_lines',
      capture: 'full',
      pages: 3,
      rows: 11,
      timezone: TIMEZONE,
      columns: ['order_id', 'line_no', 'sku', 'unit_price', 'shipped_at', 'placed_at'],
    });
    const day = String(lines.manifest.upperBound).slice(0, 10);
    expect(lines.keys.sort()).toEqual(
      ['000001.jsonl', '000002.jsonl', '000003.jsonl', 'manifest.json'].map(
        (file) => `snapshots/shop-src/order_lines/${day}/${runId}/${file}`,
      ),
    );
    const payments = await snapshotOf('payment', runId);
    // 2 pages of rows, then 2 of keys: a first run has no key scan to compare with.
    expect(payments.manifest).toMatchObject({
      capture: 'cursor',
      since: null,
      pages: 4,
      rows: 6,
      keyScan: { pages: 2, keys: 6, base: null, deleted: null },
    });
    expect(payments.manifest.columns).toEqual(['payment_id', 'amount', 'note', 'last_update']);
  });

  it('reads only what changed since the last upper bound in cursor mode, ties at the boundary included', async () => {
    // Prepare: the first run's upper bound, then changes committed after it.
    const { manifest } = await snapshotOf('payment', firstRunId);
    const bound = String(manifest.upperBound);
    const sameSecond = `${bound.slice(0, 19)}.000000`;
    // Exactly at the bound: the first run stopped before it, so this run must start at it.
    await source.admin.query("UPDATE payment SET amount = '11.11', last_update = ? WHERE payment_id = 2", [
      bound,
    ]);
    // Earlier in the bound's second, committed after it (a slow transaction): the lag re-reads it.
    await source.admin.query("UPDATE payment SET note = 'late', last_update = ? WHERE payment_id = 4", [
      sameSecond,
    ]);
    await source.admin.query("INSERT INTO payment VALUES (7, '70.07', 'new', NULL, NOW(6))");
    // Seen only by the key scan: a row deleted.
    await source.admin.query('DELETE FROM payment WHERE payment_id = 3');
    // Not seen by a cursor capture: a change that leaves the cursor column as it was.
    await source.admin.query("UPDATE payment SET internal_ref = 'changed' WHERE payment_id = 5");
    await source.admin.query(
      "UPDATE order_lines SET unit_price = '99.9999' WHERE order_id = 3 AND line_no = 2",
    );

    // Act
    const { runId, outcome } = await run();

    // Assess
    expect(outcome.status).toBe('succeeded');
    const payments = await snapshotOf('payment', runId);
    expect(payments.manifest).toMatchObject({
      capture: 'cursor',
      since: bound,
      lagSeconds: 1,
      pages: 3,
      rows: 3,
      keyScan: { pages: 2, keys: 6, deleted: 1 },
    });
    expect(await warehousePayments()).toEqual(await sourcePayments());
    expect(await warehouseLines()).toEqual(await sourceLines());
    const cursor = await rows(
      warehouse,
      "SELECT value FROM sluice_cursors WHERE pipeline = 'shop-src' AND resource = 'payments'",
    );
    expect(cursor).toEqual([{ value: JSON.stringify(payments.manifest.upperBound) }]);
    // A database page's URL names its run's bounds: no hash is kept for it, run after run.
    const hashes = await rows(
      warehouse,
      "SELECT url_hash FROM sluice_page_state WHERE pipeline = 'shop-src'",
    );
    expect(hashes).toEqual([]);
  });

  it('read every page by its key, each in a read-only snapshot, and never with OFFSET', async () => {
    // Act
    const statements = await log.statements();

    // Assess
    const pages = statements.filter((sql) => /^SELECT .* FROM `(order_lines|payment)`/.test(sql));
    expect(pages.length).toBeGreaterThanOrEqual(7); // 3 + 2 pages, then 1 + 1 (3 with a redelivery)
    expect(statements.filter((sql) => /\bOFFSET\b/i.test(sql))).toEqual([]);
    expect(pages.some((sql) => sql.includes('(`order_id`, `line_no`) > ('))).toBe(true);
    expect(statements.filter((sql) => sql.startsWith('START TRANSACTION')).length).toBeGreaterThanOrEqual(
      pages.length,
    );
    expect(new Set(statements.filter((sql) => sql.startsWith('START TRANSACTION')))).toEqual(
      new Set(['START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY']),
    );
  });
});
