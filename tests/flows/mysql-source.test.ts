// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the pipeline names its connection variable
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { createSourceDatabase, recordStatements, type SourceDatabase } from '../support/source-database.ts';

// Not UTC, so that a value read in the server's zone instead of the source's would show.
const TIMEZONE = '+02:00';

/** Order lines by a composite key, read whole; payments read by their cursor, with a second of lag. */
const shopPipeline = {
  name: 'shop-src',
  description: 'An operational shop database, table by table.',
  schedule: 'rate(1 day)',
  source: {
    type: 'mysql',
    connection: '${SHOP_SRC_DATABASE_URL}',
    timezone: TIMEZONE,
    pageSize: 4,
    resources: {
      order_lines: { table: 'order_lines', primaryKey: ['order_id', 'line_no'], capture: 'full' },
      payments: {
        table: 'payment',
        primaryKey: ['payment_id'],
        columns: ['payment_id', 'amount', 'note', 'last_update'],
        capture: 'cursor',
        cursor: 'last_update',
        lagSeconds: 1,
      },
    },
  },
  transform: {
    order_lines: {
      table: 'shop_order_lines',
      columns: {
        order_id: { from: 'order_id', type: 'int' },
        line_no: { from: 'line_no', type: 'int' },
        sku: { from: 'sku', type: 'string' },
        unit_price: { from: 'unit_price', type: 'decimal' },
        shipped_at: { from: 'shipped_at', type: 'string', nullable: true },
        placed_at: { from: 'placed_at', type: 'string' },
      },
    },
    payments: {
      table: 'shop_payments',
      columns: {
        payment_id: { from: 'payment_id', type: 'int' },
        amount: { from: 'amount', type: 'decimal' },
        note: { from: 'note', type: 'string' },
        last_update: { from: 'last_update', type: 'string' },
      },
    },
  },
  destination: {
    shop_order_lines: {
      columns: {
        order_id: 'int',
        line_no: 'int',
        sku: 'varchar(32)',
        unit_price: 'decimal(12,4)',
        // DATETIME(6) as the source's text: microseconds and the source's zone, exactly.
        shipped_at: { type: 'varchar(26)', nullable: true },
        placed_at: 'varchar(26)',
      },
      primaryKey: ['order_id', 'line_no'],
    },
    shop_payments: {
      columns: {
        payment_id: 'int',
        amount: 'decimal(10,2)',
        note: 'varchar(64)',
        last_update: 'varchar(26)',
      },
      primaryKey: ['payment_id'],
    },
  },
};

const SCHEMA = `
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line_no SMALLINT NOT NULL,
  sku VARCHAR(32) NOT NULL,
  unit_price DECIMAL(12,4) NOT NULL,
  shipped_at DATETIME(6) NULL,
  placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE payment (
  payment_id INT NOT NULL PRIMARY KEY,
  amount DECIMAL(10,2) NOT NULL,
  note VARCHAR(64) NOT NULL,
  internal_ref VARCHAR(64) NULL,
  last_update DATETIME(6) NOT NULL
);`;

/** 11 lines over 4 orders (three pages of 4), prices with four decimals, microseconds in every stamp. */
const seed = async (db: Connection) => {
  const lines = [];
  for (let order = 1; order <= 4; order += 1) {
    for (let line = 1; line <= (order === 4 ? 2 : 3); line += 1) {
      const shipped = order === 2 ? null : `2024-03-31 0${line}:59:59.00000${order}`;
      lines.push([
        order,
        line,
        `SKU-${order}-${line}`,
        `${order}${line}.0${order}05`,
        shipped,
        `2024-10-27 02:30:00.12345${line}`,
      ]);
    }
  }
  await db.query('INSERT INTO order_lines VALUES ?', [lines]);
  const payments = Array.from({ length: 6 }, (_, index) => [
    index + 1,
    `${(index + 1) * 10}.99`,
    `payment ${index + 1}`,
    `ref-${index + 1}`,
    `2024-05-0${index + 1} 12:00:00.00000${index + 1}`,
  ]);
  await db.query('INSERT INTO payment VALUES ?', [payments]);
};

describe('Flow: a mysql source, table by table in keyset pages, into the warehouse (MariaDB, LocalStack)', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let source: SourceDatabase;
  let warehouse: Connection;
  let log: Awaited<ReturnType<typeof recordStatements>>;
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

  /** The keys of a run's snapshot of a table, and its manifest. */
  const snapshotOf = async (table: string, runId: string) => {
    const { s3, bucket } = isolated.platform;
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `snapshots/shop-src/${table}/` }),
    );
    const keys = (listed.Contents ?? [])
      .map(({ Key }) => Key ?? '')
      .filter((key) => key.includes(`/${runId}/`));
    const manifestKey = keys.find((key) => key.endsWith('/manifest.json'));
    if (!manifestKey) throw new Error(`no manifest for ${table} in run ${runId}: ${keys.join(', ')}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey }));
    const manifest = JSON.parse(await (object.Body?.transformToString() ?? '')) as Record<string, unknown>;
    return { keys, manifestKey, manifest };
  };

  beforeAll(async () => {
    source = await createSourceDatabase('mysqlsrc', TIMEZONE);
    await source.admin.query(SCHEMA);
    await seed(source.admin);
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
    const steps = [
      () => fleet?.stopAll(5_000),
      () => log?.restore(),
      () => warehouse?.end(),
      () => source?.drop(),
      () => isolated?.destroy(),
    ];
    const failures = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'cleaning up the mysql source flow');
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
    expect(payments.manifest).toMatchObject({ capture: 'cursor', since: null, pages: 2, rows: 6 });
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
      pages: 1,
      rows: 3,
    });
    expect(await warehousePayments()).toEqual(await sourcePayments());
    expect(await warehouseLines()).toEqual(await sourceLines());
    const cursor = await rows(
      warehouse,
      "SELECT value FROM sluice_cursors WHERE pipeline = 'shop-src' AND resource = 'payments'",
    );
    expect(cursor).toEqual([{ value: JSON.stringify(payments.manifest.upperBound) }]);
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
