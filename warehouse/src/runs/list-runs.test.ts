import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWarehouse, type Warehouse } from '../connect.ts';
import { migrateWarehouse } from '../migrate.ts';
import { sluiceRunPages, sluiceRuns } from '../schema.ts';
import { listRuns, runRequestedAt } from './list-runs.ts';
import { readRunPage, readRunPages } from './run-pages.ts';

const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';
const databaseUrl = new URL(`sluice_test_runs_${randomBytes(3).toString('hex')}`, SERVER).toString();
let warehouse: Warehouse;

const run = (runId: string, overrides: Partial<typeof sluiceRuns.$inferInsert> = {}) => ({
  runId,
  pipeline: 'rickandmorty',
  requestedAt: `2026-11-25 15:${runId.slice(11, 13)}:00.000`,
  status: 'succeeded',
  resources: 'location,character',
  ...overrides,
});

const page = (
  runId: string,
  resource: string,
  pageNumber: number,
  pagesTotal: number | null,
  status = 'loaded',
) => ({
  runId,
  resource,
  page: pageNumber,
  pagesTotal,
  status,
  recordsExtracted: 20,
  recordsRejected: 1,
  recordsLoaded: 19,
  rowsWritten: 19,
  loadedAt: '2026-11-25 15:00:01.000',
});

beforeAll(async () => {
  await migrateWarehouse(databaseUrl);
  warehouse = connectWarehouse(databaseUrl, 2);
  await warehouse.db.insert(sluiceRuns).values([
    run('20261125T151000Z-aaaaaa', { finishedAt: '2026-11-25 15:10:04.500' }),
    run('20261125T152000Z-bbbbbb', { status: 'running' }),
    run('20261125T153000Z-cccccc', { pipeline: 'coincap', status: 'failed', resources: 'assets' }),
    // Requested in the same millisecond as the one before it: paging must still list each once.
    run('20261125T153000Z-dddddd', { requestedAt: '2026-11-25 15:30:00.000' }),
  ]);
  await warehouse.db.insert(sluiceRunPages).values([
    page('20261125T151000Z-aaaaaa', 'location', 1, 1),
    page('20261125T151000Z-aaaaaa', 'character', 1, 2),
    {
      ...page('20261125T151000Z-aaaaaa', 'character', 2, 2, 'skipped'),
      url: 'https://rickandmortyapi.com/api/character?page=2',
      contentHash: 'a'.repeat(64),
    },
    // The running run has heard from its locations only: its page count is not known yet.
    page('20261125T152000Z-bbbbbb', 'location', 1, 1),
  ]);
});

afterAll(async () => {
  await warehouse?.db.execute(
    sql`drop database if exists ${sql.identifier(new URL(databaseUrl).pathname.slice(1))}`,
  );
  await warehouse?.close();
});

describe('Function: listRuns()', () => {
  it('lists the newest runs first, each with its pages and records summed over its resources', async () => {
    // Act
    const runs = await listRuns(warehouse.db, { limit: 10 });

    // Assess
    expect(runs.map((listed) => [listed.runId, listed.status])).toEqual([
      ['20261125T153000Z-dddddd', 'succeeded'],
      ['20261125T153000Z-cccccc', 'failed'],
      ['20261125T152000Z-bbbbbb', 'running'],
      ['20261125T151000Z-aaaaaa', 'succeeded'],
    ]);
    expect(runs[3]).toEqual({
      runId: '20261125T151000Z-aaaaaa',
      pipeline: 'rickandmorty',
      status: 'succeeded',
      requestedAt: '2026-11-25T15:10:00.000Z',
      finishedAt: '2026-11-25T15:10:04.500Z',
      pages: { loaded: 3, skipped: 1, total: 3 },
      records: { extracted: 60, rejected: 3, loaded: 57 },
    });
  });

  it('leaves the page total unknown until every resource of the run has said how many pages it has', async () => {
    // Act
    const [running] = await listRuns(warehouse.db, { status: 'running', limit: 10 });
    const [nothingYet] = await listRuns(warehouse.db, { pipeline: 'coincap', limit: 10 });

    // Assess
    expect(running?.pages).toEqual({ loaded: 1, skipped: 0, total: null });
    expect(nothingYet).toMatchObject({ pipeline: 'coincap', pages: { loaded: 0, skipped: 0, total: null } });
  });

  it('filters by pipeline and status, and keeps to the limit', async () => {
    // Act
    const rickandmorty = await listRuns(warehouse.db, { pipeline: 'rickandmorty', limit: 10 });
    const failed = await listRuns(warehouse.db, { status: 'failed', limit: 10 });
    const newest = await listRuns(warehouse.db, { limit: 1 });
    const none = await listRuns(warehouse.db, { pipeline: 'nope', limit: 10 });

    // Assess
    expect(rickandmorty.map((listed) => listed.runId)).toEqual([
      '20261125T153000Z-dddddd',
      '20261125T152000Z-bbbbbb',
      '20261125T151000Z-aaaaaa',
    ]);
    expect(failed.map((listed) => listed.runId)).toEqual(['20261125T153000Z-cccccc']);
    expect(newest.map((listed) => listed.runId)).toEqual(['20261125T153000Z-dddddd']);
    expect(none).toEqual([]);
  });

  it('pages past a run by keyset, each run listed once even when two share their time', async () => {
    // Prepare: page after page of one run each, as the console's and the CLI's "next" do.
    const seen: string[] = [];
    let before: { requestedAt: string; runId: string } | undefined;

    // Act
    for (;;) {
      const [next] = await listRuns(warehouse.db, { limit: 1, ...(before ? { before } : {}) });
      if (!next) break;
      seen.push(next.runId);
      // As `--before <runId>` resolves it: the ledger's own time, not the listing's ISO one.
      const requestedAt = await runRequestedAt(warehouse.db, next.runId);
      before = { requestedAt: requestedAt ?? '', runId: next.runId };
    }
    const beforeTime = await listRuns(warehouse.db, {
      limit: 10,
      before: { requestedAt: '2026-11-25 15:30:00.000' },
    });

    // Assess
    expect(seen).toEqual([
      '20261125T153000Z-dddddd',
      '20261125T153000Z-cccccc',
      '20261125T152000Z-bbbbbb',
      '20261125T151000Z-aaaaaa',
    ]);
    expect(beforeTime.map((listed) => listed.runId)).toEqual([
      '20261125T152000Z-bbbbbb',
      '20261125T151000Z-aaaaaa',
    ]);
    expect(await runRequestedAt(warehouse.db, '20261125T152000Z-bbbbbb')).toBe('2026-11-25 15:20:00.000');
    expect(await runRequestedAt(warehouse.db, '20261125T152000Z-ffffff')).toBeUndefined();
  });
});

describe('Function: readRunPages()', () => {
  it('reads only the pages in the window, and those named besides', async () => {
    // Act
    const window = await readRunPages(warehouse.db, '20261125T151000Z-aaaaaa', {
      resources: ['character', 'location'],
      pages: { from: 2, to: 2 },
      also: [{ resource: 'location', page: 1 }],
    });
    const all = await readRunPages(warehouse.db, '20261125T151000Z-aaaaaa');

    // Assess
    expect(window.map(({ resource, page: number }) => `${resource} ${number}`)).toEqual([
      'character 2',
      'location 1',
    ]);
    expect(all).toHaveLength(3);
  });
});

describe('Function: readRunPage()', () => {
  it('reads one page with its URL and content hash, and nothing for a page the ledger has not recorded', async () => {
    // Act
    const recorded = await readRunPage(warehouse.db, {
      runId: '20261125T151000Z-aaaaaa',
      resource: 'character',
      page: 2,
    });
    const older = await readRunPage(warehouse.db, {
      runId: '20261125T151000Z-aaaaaa',
      resource: 'location',
      page: 1,
    });
    const missing = await readRunPage(warehouse.db, {
      runId: '20261125T151000Z-aaaaaa',
      resource: 'character',
      page: 3,
    });

    // Assess
    expect(recorded).toMatchObject({
      status: 'skipped',
      pagesTotal: 2,
      url: 'https://rickandmortyapi.com/api/character?page=2',
      contentHash: 'a'.repeat(64),
    });
    expect(older).toMatchObject({ url: null, contentHash: null });
    expect(missing).toBeUndefined();
  });
});
