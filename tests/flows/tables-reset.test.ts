import { cursorStateKey, pageStatesKey } from '@sluice/contracts';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { putJsonObject, readStateObject } from '@sluice/runtime';
import { applyDestination, warehouseSchema } from '@sluice/warehouse';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, writePipelineFiles } from '../support/pipeline-files.ts';
import { runSluiceWith } from '../support/sluice-cli.ts';

const { sluiceCursors, sluicePageState, sluiceRuns } = warehouseSchema;

/** The items pipeline, keyed on `key`: what a developer edits between two resets. */
const itemsKeyedOn = (key: string) => {
  const pipeline = itemsPipeline({
    name: 'items',
    route: 'none',
    pagination: { type: 'none' },
    urlVariable: 'ITEMS_URL',
  });
  const destination = pipeline.destination as { items: { primaryKey: string[] } };
  destination.items.primaryKey = [key];
  return pipeline;
};

describe("Flow: `sluice tables reset` drops a pipeline's tables and bookkeeping, so a changed key needs no SQL", () => {
  let isolated: IsolatedPlatform;
  let dir: string;
  const db = () => isolated.platform.warehouse.db;
  const rowsOf = async (query: ReturnType<typeof sql>) =>
    ((await db().execute(query)) as unknown as [unknown[]])[0];
  const primaryKeyOfItems = async () =>
    (
      (await rowsOf(
        sql`select column_name as name from information_schema.key_column_usage where table_schema = database() and table_name = 'items' and constraint_name = 'PRIMARY'`,
      )) as { name: string }[]
    ).map(({ name }) => name);

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('reset');
    // Prepare: items loaded once with key id, with the bookkeeping a run leaves, beside another pipeline's.
    dir = writePipelineFiles([itemsKeyedOn('id')]);
    const parsed = await parsePipelineYaml(JSON.stringify(itemsKeyedOn('id')), 'items.yaml');
    if (!parsed.ok) throw new Error('the items pipeline is invalid');
    await applyDestination(db(), parsed.pipeline);
    await db().execute(
      sql`insert into items (id, name, price, updated_at) values (1, 'one', 1.5, '2026-01-01 00:00:00')`,
    );
    const at = '2026-12-01 00:00:00.000';
    for (const pipeline of ['items', 'other']) {
      await db()
        .insert(sluiceCursors)
        .values({ pipeline, resource: 'items', value: '"2026-01-01"', runId: 'r', updatedAt: at });
      await db()
        .insert(sluicePageState)
        .values({ pipeline, resource: 'items', urlHash: 'u', contentHash: 'c', runId: 'r', loadedAt: at });
      await putJsonObject(isolated.platform.s3, isolated.platform.bucket, cursorStateKey(pipeline, 'items'), {
        value: '2026-01-01',
      });
      await putJsonObject(
        isolated.platform.s3,
        isolated.platform.bucket,
        pageStatesKey(pipeline, 'items'),
        {},
      );
    }
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('refuses without --yes where it cannot ask, saying what it would drop, and drops nothing', async () => {
    // Act: execFile gives the command no terminal on stdin.
    const result = await runSluiceWith(
      { SLUICE_PIPELINES_DIR: dir },
      isolated.env,
      'tables',
      'reset',
      'items',
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Not resetting without --yes (stdin is not a terminal to ask on)');
    expect(result.stderr).toMatch(
      /tables reset items drops, in the warehouse 127\.0\.0\.1:\d+\/sluice_test_reset_\w+: items/,
    );
    expect(await rowsOf(sql`select id from items`)).toHaveLength(1);
  });

  it('refuses a table the pipeline does not declare', async () => {
    const result = await runSluiceWith(
      { SLUICE_PIPELINES_DIR: dir },
      isolated.env,
      'tables',
      'reset',
      'items',
      'itmes',
      '--yes',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('sluice: pipeline items declares no table itmes (its tables: items)\n');
  });

  it('with --yes, drops the tables, forgets their cursors and page hashes, and creates them with the new key', async () => {
    // Prepare: the developer changes the key, which the loader would refuse to apply.
    writePipelineFiles([itemsKeyedOn('name')], dir);

    // Act
    const result = await runSluiceWith(
      { SLUICE_PIPELINES_DIR: dir },
      isolated.env,
      'tables',
      'reset',
      'items',
      '--yes',
    );

    // Assess: the output says what it did.
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Dropped items from 127\.0\.0\.1:\d+\/sluice_test_reset_\w+\n/);
    expect(result.stdout).toContain(
      `Forgot 1 cursor and 1 page hash (sluice_cursors, sluice_page_state) and 2 state objects under s3://${isolated.platform.bucket}/state/items/`,
    );
    expect(result.stdout).toContain('Created again, empty: items; the next run of items reads everything');
    // The table is empty, keyed on name.
    expect(await rowsOf(sql`select id from items`)).toHaveLength(0);
    expect(await primaryKeyOfItems()).toEqual(['name']);
    // Only this pipeline's bookkeeping is gone.
    const cursors = await db().select().from(sluiceCursors).where(eq(sluiceCursors.resource, 'items'));
    expect(cursors.map(({ pipeline }) => pipeline)).toEqual(['other']);
    const states = await db().select().from(sluicePageState).where(eq(sluicePageState.resource, 'items'));
    expect(states.map(({ pipeline }) => pipeline)).toEqual(['other']);
    const stateOf = (pipeline: string) =>
      readStateObject(isolated.platform.s3, isolated.platform.bucket, cursorStateKey(pipeline, 'items'));
    expect(await stateOf('items')).toBeNull();
    expect(await stateOf('other')).toEqual({ value: '2026-01-01' });
  });

  it('refuses while a run of the pipeline is under way, in one line, unless --force', async () => {
    // Prepare: a row loaded, a run of items still running, and one of another pipeline.
    await db().execute(
      sql`insert into items (id, name, price, updated_at) values (1, 'one', 1.5, '2026-01-01 00:00:00')`,
    );
    const at = '2026-12-02 00:00:00.000';
    await db()
      .insert(sluiceRuns)
      .values([
        { runId: '20261202T000000Z-aaaaaa', pipeline: 'items', requestedAt: at, status: 'running' },
        { runId: '20261202T000000Z-bbbbbb', pipeline: 'other', requestedAt: at, status: 'running' },
      ]);
    const reset = (...extra: string[]) =>
      runSluiceWith({ SLUICE_PIPELINES_DIR: dir }, isolated.env, 'tables', 'reset', 'items', ...extra);

    // Act
    const refused = await reset('--yes');
    const refusedJson = await reset('--yes', '--json');
    const rowsWhileRefused = await rowsOf(sql`select id from items`);
    const forced = await reset('--yes', '--force', '--json');

    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'sluice: pipeline items has a run under way (20261202T000000Z-aaaaaa): wait for it, or `npx sluice run cancel 20261202T000000Z-aaaaaa`, then reset; --force resets all the same\n',
    );
    expect(refused.stdout).toBe('');
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stdout)).toEqual({ error: expect.stringContaining('has a run under way') });
    expect(rowsWhileRefused).toHaveLength(1);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ pipeline: 'items', dropped: ['items'] });
    await db().delete(sluiceRuns);
  });

  it('--json prints only JSON', async () => {
    const result = await runSluiceWith(
      { SLUICE_PIPELINES_DIR: dir },
      isolated.env,
      'tables',
      'reset',
      'items',
      '--yes',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      pipeline: 'items',
      tables: ['items'],
      dropped: ['items'],
      created: ['items'],
      resources: ['items'],
      cursors: 0,
      pageStates: 0,
      stateObjects: [],
    });
  });
});
