import {
  MESSAGE_VERSION,
  type PageSkipped,
  type PageTransformed,
  type ProcessedPage,
  type ProcessedPages,
  sha256Hex,
  stagedPagesKey,
  stagingKey,
} from '@sluice/contracts';
import { PipelineDefinitionSchema } from '@sluice/contracts/pipeline-definition';
import { loadMessages } from '@sluice/loader';
import { putJsonObject } from '@sluice/runtime';
import { warehouseSchema } from '@sluice/warehouse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { loaderDepsOf, loadOne } from '../support/loader-deps.ts';
import { itemsPipeline } from '../support/pipeline-files.ts';
import { rickAndMortyTables } from '../support/rickandmorty-tables.ts';

const { characters, characterEpisodes } = rickAndMortyTables;
const url = 'https://rickandmortyapi.com/api/character?page=1';

const runId = '20261125T120000Z-00beef';
const page = { pipeline: 'rickandmorty', resource: 'character', runId, page: 1 };
const character = (id: number, name: string) => ({
  id,
  name,
  status: 'Alive',
  species: 'Human',
  type: '',
  gender: 'Female',
  origin_location_id: null,
  location_id: 1,
  image: `https://rickandmortyapi.com/api/character/avatar/${id}.jpeg`,
  url: `https://rickandmortyapi.com/api/character/${id}`,
  created_at: '2017-11-04 18:48:46.250',
});

describe('Function: loadMessages() one message at a time, against MariaDB and LocalStack S3', () => {
  let isolated: IsolatedPlatform;
  const message = (processedKey: string, contentHash = sha256Hex('page one')): PageTransformed => ({
    ...page,
    version: MESSAGE_VERSION,
    type: 'page.transformed',
    url,
    contentHash,
    cursor: null,
    pagesTotal: 1,
    processedKey,
    rejectedKey: null,
    records: { extracted: 2, valid: 2, rejected: 0 },
    rows: { characters: 2, character_episodes: 3 },
  });
  const deps = () => loaderDepsOf(isolated, '2026-11-25T12:00:01Z');
  const stage = async (tables: ProcessedPage['tables'], parents: number[]) => {
    const key = stagingKey('processed', page);
    const replace = { character_episodes: { columns: ['character_id'], keys: parents.map((id) => [id]) } };
    await putJsonObject(isolated.platform.s3, isolated.platform.bucket, key, {
      version: 1,
      ...page,
      tables,
      replace,
    });
    return key;
  };
  const skipped = (runOfSkip: string, contentHash: string): PageSkipped => ({
    ...page,
    runId: runOfSkip,
    version: MESSAGE_VERSION,
    type: 'page.skipped',
    url,
    contentHash,
    pagesTotal: 1,
    skippedAt: '2026-11-26T12:00:00.000Z',
  });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('load');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('loads a processed object once: a redelivered message changes nothing', async () => {
    // Prepare
    const key = await stage(
      {
        characters: [character(1, 'Beth Smith'), character(2, 'Jerry Smith')],
        character_episodes: [
          { character_id: 1, episode_id: 1 },
          { character_id: 1, episode_id: 2 },
          { character_id: 2, episode_id: 2 },
        ],
      },
      [1, 2],
    );

    // Act
    const first = await loadOne(message(key), deps());
    const second = await loadOne(message(key), deps());

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(first).toMatchObject({ status: 'loaded', rowsWritten: 5 });
    expect(second).toMatchObject({ status: 'duplicate', rowsWritten: 0 });
    expect(await db.select().from(characters)).toHaveLength(2);
    expect(await db.select().from(characterEpisodes)).toHaveLength(3);
    expect(await db.select().from(warehouseSchema.sluiceLoadLedger)).toHaveLength(1);
    expect(await db.select().from(warehouseSchema.sluiceRunPages)).toEqual([
      expect.objectContaining({ runId, resource: 'character', page: 1, recordsLoaded: 2, rowsWritten: 5 }),
    ]);
  });

  it('loads the same key again when its content changed, replacing the links of its characters', async () => {
    // Prepare: same key, new bytes, so a new ETag.
    const key = await stage(
      {
        characters: [character(1, 'Beth Smith (clone)'), character(2, 'Jerry Smith')],
        character_episodes: [{ character_id: 1, episode_id: 3 }],
      },
      [1, 2],
    );

    // Act
    const result = await loadOne(message(key, sha256Hex('page one, changed')), deps());

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(result.status).toBe('loaded');
    expect((await db.select().from(characters)).map((c) => c.name).sort()).toEqual([
      'Beth Smith (clone)',
      'Jerry Smith',
    ]);
    expect(await db.select().from(characterEpisodes)).toEqual([{ character_id: 1, episode_id: 3 }]);
    expect(await db.select().from(warehouseSchema.sluiceRunPages)).toHaveLength(1);
  });

  it('counts an unchanged page as skipped, once, when the warehouse has loaded that content', async () => {
    // Prepare: the content the previous test loaded for this URL.
    const laterRun = '20261126T120000Z-00cafe';

    // Act
    const first = await loadOne(skipped(laterRun, sha256Hex('page one, changed')), deps());
    const again = await loadOne(skipped(laterRun, sha256Hex('page one, changed')), deps());

    // Assess
    expect(first).toMatchObject({ status: 'skipped', rowsWritten: 0 });
    expect(again).toMatchObject({ status: 'duplicate' });
    const pages = await isolated.platform.warehouse.db.select().from(warehouseSchema.sluiceRunPages);
    expect(pages.filter((row) => row.runId === laterRun)).toEqual([
      expect.objectContaining({ status: 'skipped', recordsExtracted: 0, pagesTotal: 1 }),
    ]);
  });

  it('keeps the counts of a page this run loaded when a second extraction of it reads as unchanged', async () => {
    // Prepare: the page was loaded by run 00beef (the tests above); its extraction ran again in that run.
    const before = await isolated.platform.warehouse.db.select().from(warehouseSchema.sluiceRunPages);

    // Act
    const result = await loadOne(skipped(runId, sha256Hex('page one, changed')), deps());

    // Assess
    expect(result.status).toBe('duplicate');
    expect(await isolated.platform.warehouse.db.select().from(warehouseSchema.sluiceRunPages)).toEqual(
      before,
    );
  });

  it('dead-letters a skip the warehouse cannot vouch for, saying how to reload', async () => {
    const act = loadOne(skipped('20261127T120000Z-00d00d', sha256Hex('other bytes')), deps());
    await expect(act).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/--full-refresh/),
    });
  });

  it('refuses a missing object without retrying it', async () => {
    const missing = stagingKey('processed', { ...page, page: 9 });
    await expect(loadOne(message(missing), deps())).rejects.toMatchObject({
      name: 'StagedObjectMissingError',
      retryable: false,
    });
  });
});

describe('Function: loadMessages() against MariaDB and LocalStack S3', () => {
  let isolated: IsolatedPlatform;
  const batchRun = '20261128T120000Z-00ba7c';
  const deps = () => loaderDepsOf(isolated, '2026-11-28T12:00:01Z');
  /** Stages page `n` holding characters 10n+1 and 10n+2, each in episode n; returns its message. */
  const stagePage = async (n: number, name = `Character ${n}`): Promise<PageTransformed> => {
    const address = { pipeline: 'rickandmorty', resource: 'character', runId: batchRun, page: n };
    const key = stagingKey('processed', address);
    const ids = [n * 10 + 1, n * 10 + 2];
    await putJsonObject(isolated.platform.s3, isolated.platform.bucket, key, {
      version: 1,
      ...address,
      tables: {
        characters: ids.map((id) => character(id, name)),
        character_episodes: ids.map((id) => ({ character_id: id, episode_id: n })),
      },
      replace: { character_episodes: { columns: ['character_id'], keys: ids.map((id) => [id]) } },
    });
    return {
      ...address,
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      url: `https://rickandmortyapi.com/api/character?page=${n}`,
      contentHash: sha256Hex(`page ${n} ${name}`),
      cursor: null,
      pagesTotal: 5,
      processedKey: key,
      rejectedKey: null,
      records: { extracted: 2, valid: 2, rejected: 0 },
      rows: { characters: 2, character_episodes: 2 },
    };
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('batch');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('loads the pages of a batch together, each once, and a redelivered batch changes nothing', async () => {
    // Prepare
    const messages = await Promise.all([1, 2, 3].map((n) => stagePage(n)));

    // Act
    const first = await loadMessages(messages, deps());
    const again = await loadMessages(messages, deps());

    // Assess
    expect(first.map((result) => result.status === 'fulfilled' && result.value.status)).toEqual([
      'loaded',
      'loaded',
      'loaded',
    ]);
    expect(again.map((result) => result.status === 'fulfilled' && result.value.status)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const db = isolated.platform.warehouse.db;
    expect(await db.select().from(characters)).toHaveLength(6);
    expect(await db.select().from(characterEpisodes)).toHaveLength(6);
    const pages = await db.select().from(warehouseSchema.sluiceRunPages);
    expect(pages.map((page) => [page.page, page.rowsWritten])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
  });

  it('loads the good pages of a batch when one of them cannot be loaded, and fails only that one', async () => {
    // Prepare: page 5's object is missing.
    const good = await stagePage(4);
    const gone = { ...(await stagePage(5)), processedKey: stagingKey('processed', { ...page, page: 99 }) };

    // Act
    const [loaded, failed] = await loadMessages([good, gone], deps());

    // Assess
    expect(loaded).toMatchObject({ status: 'fulfilled', value: { status: 'loaded', page: 4 } });
    expect(failed).toMatchObject({ status: 'rejected', reason: { name: 'StagedObjectMissingError' } });
    expect(await isolated.platform.warehouse.db.select().from(characters)).toHaveLength(8);
  });

  it('reads an object of several pages once, and knows a page written again into another object', async () => {
    // Prepare: pages 6, 7 and 8 as the transformer writes the pages of one receive, in one object.
    const run = { pipeline: 'rickandmorty', resource: 'character', runId: batchRun };
    const pageRows = (n: number): ProcessedPage => {
      const ids = [n * 10 + 1, n * 10 + 2];
      return {
        version: 1,
        ...run,
        page: n,
        tables: {
          characters: ids.map((id) => character(id, `Character ${n}`)),
          character_episodes: ids.map((id) => ({ character_id: id, episode_id: n })),
        },
        replace: { character_episodes: { columns: ['character_id'], keys: ids.map((id) => [id]) } },
      };
    };
    const stageTogether = async (pages: number[]) => {
      const key = stagedPagesKey('processed', run, pages);
      const object: ProcessedPages = { version: 1, pages: pages.map(pageRows) };
      await putJsonObject(isolated.platform.s3, isolated.platform.bucket, key, object);
      return Promise.all(pages.map(async (n) => ({ ...(await stagePage(n)), processedKey: key })));
    };
    const shared = await stageTogether([6, 7, 8]);
    const reads: string[] = [];
    const recorder = 'record-reads';
    isolated.platform.s3.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'GetObjectCommand')
          reads.push(String((args.input as { Key?: string }).Key));
        return next(args);
      },
      { step: 'initialize', name: recorder },
    );

    try {
      // Act: the three pages; then page 7 again (its transform retried, grouped with page 9 this time),
      // and a message pointing at an object that does not hold its page.
      const first = await loadMessages(shared, deps());
      const regrouped = await stageTogether([7, 9]);
      const second = await loadMessages(regrouped, deps());
      const strayKey = stagedPagesKey('processed', run, [6, 7, 8]);
      const [stray] = await loadMessages([{ ...(await stagePage(10)), processedKey: strayKey }], deps());

      // Assess
      const statusOf = (results: PromiseSettledResult<{ status: string }>[]) =>
        results.map((result) => (result.status === 'fulfilled' ? result.value.status : 'failed'));
      expect(statusOf(first)).toEqual(['loaded', 'loaded', 'loaded']);
      expect(reads.filter((key) => key === stagedPagesKey('processed', run, [6, 7, 8]))).toHaveLength(2);
      expect(statusOf(second)).toEqual(['duplicate', 'loaded']);
      expect(stray).toMatchObject({
        status: 'rejected',
        reason: {
          name: 'ContractError',
          message: expect.stringMatching(/holds page .* not .*\/character\/10$/),
        },
      });
      const ledger = await isolated.platform.warehouse.db.select().from(warehouseSchema.sluiceLoadLedger);
      expect(
        ledger
          .filter((claim) => claim.runId === batchRun)
          .map((claim) => claim.objectKey)
          .sort(),
      ).toEqual(
        expect.arrayContaining([6, 7, 8, 9].map((n) => stagingKey('processed', { ...run, page: n }))),
      );
      const names = (await isolated.platform.warehouse.db.select().from(characters)).map((row) =>
        String(row.name),
      );
      expect(names.filter((name) => /^Character [6-9]$/.test(name))).toHaveLength(8);
    } finally {
      isolated.platform.s3.middlewareStack.remove(recorder);
    }
  });
});

describe('Function: loadMessages() into an append table', () => {
  let isolated: IsolatedPlatform;
  const appendRun = '20261129T120000Z-00a99e';

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('append');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('inserts the rows of each page once, however often the page is delivered', async () => {
    // Prepare: an events table without a key, written by appending.
    const pipeline = PipelineDefinitionSchema.parse({
      ...itemsPipeline({
        name: 'item-events',
        route: 'none',
        pagination: { type: 'none' },
        urlVariable: 'ITEMS_API_URL',
        columns: {},
      }),
      destination: {
        item_events: { columns: { id: 'int', name: 'varchar(255)' }, writeMode: 'append' },
      },
    });
    const db = isolated.platform.warehouse.db;
    const deps = loaderDepsOf(isolated, '2026-11-29T12:00:01Z', [pipeline]);
    const messages = await Promise.all(
      [1, 2].map(async (n): Promise<PageTransformed> => {
        const address = { pipeline: 'item-events', resource: 'items', runId: appendRun, page: n };
        const processedKey = stagingKey('processed', address);
        const rows = [{ id: 1, name: `seen on page ${n}` }];
        await putJsonObject(isolated.platform.s3, isolated.platform.bucket, processedKey, {
          version: 1,
          ...address,
          tables: { item_events: rows },
          replace: {},
        });
        return {
          ...address,
          version: MESSAGE_VERSION,
          type: 'page.transformed',
          url: `http://127.0.0.1/none/items?page=${n}`,
          contentHash: sha256Hex(`events ${n}`),
          cursor: null,
          pagesTotal: 2,
          processedKey,
          rejectedKey: null,
          records: { extracted: 1, valid: 1, rejected: 0 },
          rows: { item_events: 1 },
        };
      }),
    );

    // Act
    await loadMessages(messages, deps);
    await loadMessages(messages, deps);
    await loadOne(messages[0] as PageTransformed, deps);

    // Assess: the same id twice, once per page, and no page twice.
    const [rows] = await db.execute(sql`select id, name from item_events order by name`);
    expect(rows).toEqual([
      { id: 1, name: 'seen on page 1' },
      { id: 1, name: 'seen on page 2' },
    ]);
  });
});
