import { readdirSync } from 'node:fs';
import { pipelineNamed, preparePlatform, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { type CheckingApi, startCheckingApi } from '@sluice/fixtures';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';

const version = (columns: Parameters<typeof itemsPipeline>[0]['columns'], nameType = 'varchar(255)') => {
  const pipeline = itemsPipeline({
    name: 'items-evolving',
    route: 'page-total',
    pagination: { type: 'page_number', totalPages: 'meta.pages' },
    records: 'data',
    urlVariable: 'ITEMS_API_URL',
    columns,
  }) as { destination: { items_evolving: { columns: Record<string, unknown> } } };
  pipeline.destination.items_evolving.columns.name = nameType;
  return pipeline;
};
const PRICE = { price: { from: 'price', type: 'decimal', sqlType: 'decimal(12,2)' } };
const WITH_UPDATED_AT = {
  ...PRICE,
  updated_at: { from: 'updated_at', type: 'datetime', sqlType: 'datetime(3)', nullable: true },
};

describe('Flow: a pipeline file changes its table: additive changes apply, destructive ones are refused', () => {
  let isolated: IsolatedPlatform;
  let api: CheckingApi;
  let dir: string;
  let fleet: ServiceFleet | undefined;

  /** The services read pipeline files at start: each version gets fresh processes. */
  const runWithFreshServices = async () => {
    await fleet?.stopAll(2_000);
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        SQS_WAIT_TIME_SECONDS: '1',
        ITEMS_API_URL: api.url,
        SLUICE_MAX_ATTEMPTS: '2',
        SLUICE_RETRY_BASE_SECONDS: '1',
      }),
      isolated.logDir,
    );
    await fleet.startAll();
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'items-evolving'), {
      fullRefresh: true,
    });
    return waitForRun(deps, runId, { timeoutMs: 60_000 });
  };
  const columnsOf = async () => {
    const [rows] = await isolated.platform.warehouse.db.execute(
      sql`select column_name as name, column_type as type from information_schema.columns
          where table_schema = database() and table_name = 'items_evolving' order by ordinal_position`,
    );
    return (rows as unknown as { name: string; type: string }[]).map(({ name, type }) => `${name} ${type}`);
  };
  const rows = async () => {
    const [result] = await isolated.platform.warehouse.db.execute(
      sql`select * from items_evolving order by id`,
    );
    return result as unknown as Record<string, unknown>[];
  };

  beforeAll(async () => {
    api = await startCheckingApi({ seed: 21, count: 25 });
    dir = writePipelineFiles([version(PRICE)]);
    isolated = await createIsolatedPlatform('evolve', { SLUICE_PIPELINES_DIR: dir });
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('adds a column declared later, keeping every row, and fills it on the next run', async () => {
    // Prepare
    const first = await runWithFreshServices();
    const before = await rows();
    writePipelineFiles([version(WITH_UPDATED_AT)], dir);

    // Act
    const second = await runWithFreshServices();

    // Assess
    expect(first.status).toBe('succeeded');
    expect(before).toHaveLength(25);
    expect(before[0]).not.toHaveProperty('updated_at');
    expect(second.status).toBe('succeeded');
    expect(await columnsOf()).toEqual([
      'id int(11)',
      'name varchar(255)',
      'price decimal(12,2)',
      'updated_at datetime(3)',
    ]);
    const after = await rows();
    expect(after.map(({ id, name, price }) => ({ id, name, price }))).toEqual(
      before.map(({ id, name, price }) => ({ id, name, price })),
    );
    expect(after.every((row) => typeof row.updated_at === 'string')).toBe(true);
  });

  it('refuses to narrow a column, at stack up and in the loader, and changes nothing', async () => {
    // Prepare
    const before = { columns: await columnsOf(), rows: await rows() };
    writePipelineFiles([version(WITH_UPDATED_AT, 'varchar(10)')], dir);

    // Act
    const prepared = preparePlatform(isolated.env).then(
      () => 'prepared',
      (error: Error) => error.message,
    );
    const outcome = await runWithFreshServices();

    // Assess
    expect(await prepared).toMatch(/items_evolving\.name.*varchar\(255\).*varchar\(10\)/s);
    expect(outcome.status).toBe('failed');
    expect(fleet?.linesOf('loader').join('\n')).toMatch(/SchemaChangeRefused/);
    expect(await columnsOf()).toEqual(before.columns);
    expect(await rows()).toEqual(before.rows);
    expect(readdirSync(dir)).toEqual(['items-evolving.yaml']);
  });
});
