import { MESSAGE_VERSION, type PageTransformed, type ProcessedPage, stagingKey } from '@sluice/contracts';
import { handleLoadMessage, warehouseSchema } from '@sluice/loader';
import { putJsonObject } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';

const runId = '20261125T120000Z-00beef';
const page = { pipeline: 'rickandmorty', resource: 'character', runId, page: 1 };
const character = (id: number, name: string) => ({
  id,
  name,
  status: 'Alive',
  species: 'Human',
  type: '',
  gender: 'Female',
  originLocationId: null,
  locationId: 1,
  image: `https://rickandmortyapi.com/api/character/avatar/${id}.jpeg`,
  url: `https://rickandmortyapi.com/api/character/${id}`,
  createdAt: '2017-11-04 18:48:46.250',
});

describe('Function: handleLoadMessage() against MariaDB and LocalStack S3', () => {
  let isolated: IsolatedPlatform;
  const message = (processedKey: string): PageTransformed => ({
    ...page,
    version: MESSAGE_VERSION,
    type: 'page.transformed',
    pagesTotal: 1,
    processedKey,
    rejectedKey: null,
    records: { extracted: 2, valid: 2, rejected: 0 },
    rows: { characters: 2, character_episodes: 3 },
  });
  const deps = () => ({
    s3: isolated.platform.s3,
    bucket: isolated.platform.bucket,
    db: isolated.platform.warehouse.db,
    clock: { now: () => new Date('2026-11-25T12:00:01Z') },
  });
  const stage = async (tables: ProcessedPage['tables']) => {
    const key = stagingKey('processed', page);
    await putJsonObject(isolated.platform.s3, isolated.platform.bucket, key, { version: 1, ...page, tables });
    return key;
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('load');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('loads a processed object once: a redelivered message changes nothing', async () => {
    // Prepare
    const key = await stage({
      characters: [character(1, 'Beth Smith'), character(2, 'Jerry Smith')],
      character_episodes: [
        { characterId: 1, episodeId: 1 },
        { characterId: 1, episodeId: 2 },
        { characterId: 2, episodeId: 2 },
      ],
    });

    // Act
    const first = await handleLoadMessage(message(key), deps());
    const second = await handleLoadMessage(message(key), deps());

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(first).toMatchObject({ status: 'loaded', rowsWritten: 5 });
    expect(second).toMatchObject({ status: 'duplicate', rowsWritten: 0 });
    expect(await db.select().from(warehouseSchema.characters)).toHaveLength(2);
    expect(await db.select().from(warehouseSchema.characterEpisodes)).toHaveLength(3);
    expect(await db.select().from(warehouseSchema.sluiceLoadLedger)).toHaveLength(1);
    expect(await db.select().from(warehouseSchema.sluiceRunPages)).toEqual([
      expect.objectContaining({ runId, resource: 'character', page: 1, recordsLoaded: 2, rowsWritten: 5 }),
    ]);
  });

  it('loads the same key again when its content changed, replacing the links of its characters', async () => {
    // Prepare: same key, new bytes, so a new ETag.
    const key = await stage({
      characters: [character(1, 'Beth Smith (clone)'), character(2, 'Jerry Smith')],
      character_episodes: [{ characterId: 1, episodeId: 3 }],
    });

    // Act
    const result = await handleLoadMessage(message(key), deps());

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(result.status).toBe('loaded');
    expect((await db.select().from(warehouseSchema.characters)).map((c) => c.name).sort()).toEqual([
      'Beth Smith (clone)',
      'Jerry Smith',
    ]);
    expect(await db.select().from(warehouseSchema.characterEpisodes)).toEqual([
      { characterId: 1, episodeId: 3 },
    ]);
    expect(await db.select().from(warehouseSchema.sluiceRunPages)).toHaveLength(1);
  });

  it('refuses a missing object without retrying it', async () => {
    const missing = stagingKey('processed', { ...page, page: 9 });
    await expect(handleLoadMessage(message(missing), deps())).rejects.toMatchObject({
      name: 'StagedObjectMissingError',
      retryable: false,
    });
  });
});
