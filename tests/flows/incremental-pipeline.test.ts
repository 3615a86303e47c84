import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { type CheckingApi, startCheckingApi } from '@sluice/fixtures';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';

const PAGE_TOTAL = {
  route: 'page-total',
  pagination: { type: 'page_number', totalPages: 'meta.pages' },
  records: 'data',
  urlVariable: 'ITEMS_API_URL',
} as const;

describe('Flow: incremental runs and unchanged pages, against a loopback API, LocalStack and MariaDB', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let api: CheckingApi;

  const run = async (name: string, options = {}) => {
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, name), options);
    const outcome = await waitForRun(deps, runId, { timeoutMs: 60_000 });
    const [resource] = outcome.progress.resources;
    if (!resource) throw new Error(`run ${runId} has no resource`);
    return { outcome, resource };
  };
  const rowsOf = async (table: string) => {
    const [rows] = await isolated.platform.warehouse.db.execute(
      sql`select id, name, price, updated_at from ${sql.identifier(table)} order by id`,
    );
    return rows as unknown as unknown[];
  };
  const sourceRows = () =>
    api.items().map(({ id, name, price, updated_at }) => ({
      id,
      name,
      price,
      updated_at: updated_at.replace('T', ' ').replace('Z', ''),
    }));
  const newestStamp = () =>
    api.items().reduce((max, item) => (item.updated_at > max ? item.updated_at : max), '');
  /** The `updated_since` of every request since `from`. */
  const sinceAskedFrom = (from: number) =>
    api
      .requests()
      .slice(from)
      .map((request) => request.query.updated_since);

  beforeAll(async () => {
    api = await startCheckingApi({ seed: 5, count: 45 });
    const dir = writePipelineFiles([
      itemsPipeline({ ...PAGE_TOTAL, name: 'items-incremental', incremental: true }),
      itemsPipeline({ ...PAGE_TOTAL, name: 'items-snapshot' }),
    ]);
    isolated = await createIsolatedPlatform('incr', { SLUICE_PIPELINES_DIR: dir });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', ITEMS_API_URL: api.url }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 60_000);
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('fetches only what changed since the last run, and loads it', async () => {
    // Prepare: a first run from the file's start.
    const first = await run('items-incremental');
    const highWaterMark = newestStamp();
    api.updateItem(3, { name: 'Renamed Item 3' });
    api.updateItem(17, { price: '12.34' });
    api.addItem();
    const requestsBefore = api.requests().length;

    // Act
    const second = await run('items-incremental');

    // Assess
    expect(first.outcome.status).toBe('succeeded');
    expect(first.resource.records.extracted).toBe(45);
    expect(second.outcome.status).toBe('succeeded');
    // The newest item of the first run (the filter is inclusive) and the three changes.
    expect(second.resource.records.extracted).toBe(4);
    expect(second.resource.pages.total).toBe(1);
    expect(new Set(sinceAskedFrom(requestsBefore))).toEqual(new Set([highWaterMark]));
    expect(await rowsOf('items_incremental')).toEqual(sourceRows());
  });

  it('skips pages whose content is unchanged, counts them, and loads only the page that changed', async () => {
    // Prepare
    const first = await run('items-snapshot');
    const unchanged = await run('items-snapshot');
    api.updateItem(14, { name: 'Renamed Item 14' }); // on page 2 of 10-item pages

    // Act
    const changed = await run('items-snapshot');

    // Assess
    expect(first.resource).toMatchObject({
      pages: { total: 5, loaded: 5, skipped: 0 },
      records: { loaded: 46 },
    });
    expect(unchanged.outcome.status).toBe('succeeded');
    expect(unchanged.resource).toMatchObject({
      pages: { total: 5, loaded: 5, skipped: 5 },
      records: { extracted: 0 },
    });
    expect(changed.resource).toMatchObject({
      pages: { total: 5, skipped: 4 },
      records: { extracted: 10, loaded: 10 },
    });
    expect(await rowsOf('items_snapshot')).toEqual(sourceRows());
  });

  it('fetches and loads everything again on a full refresh', async () => {
    // Act
    const refreshed = await run('items-snapshot', { fullRefresh: true });

    // Assess
    expect(refreshed.resource).toMatchObject({
      pages: { skipped: 0 },
      records: { extracted: 46, loaded: 46 },
    });
  });
});
