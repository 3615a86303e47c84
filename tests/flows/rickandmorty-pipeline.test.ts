import { GetObjectCommand } from '@aws-sdk/client-s3';
import { runPipelineLocally } from '@sluice/cli';
import { type ApiCharacter, generateRickAndMortyDataset, type RickAndMortyDataset } from '@sluice/fixtures';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAirDate, expectedCharacter, expectedLinks, isWellFormed } from '../support/expected-rows.ts';
import {
  createIsolatedPlatform,
  type IsolatedPlatform,
  silentDisplay,
} from '../support/isolated-platform.ts';
import { rickAndMortyTables } from '../support/rickandmorty-tables.ts';

const { characters, characterEpisodes, episodes, locations } = rickAndMortyTables;

describe('Flow: the rickandmorty pipeline from a loopback API into MariaDB through LocalStack', () => {
  let isolated: IsolatedPlatform;
  // 130 characters + 4 malformed: 7 pages of characters, the last one short; 2 pages of locations.
  const dataset = generateRickAndMortyDataset({
    seed: 7,
    characters: 130,
    locations: 33,
    episodes: 24,
    invalidCharacters: 4,
  });

  const run = (source: RickAndMortyDataset) =>
    runPipelineLocally({
      env: isolated.env,
      pipeline: 'rickandmorty',
      dataset: source,
      logDir: isolated.logDir,
      display: silentDisplay,
    });
  const readLinks = async () =>
    (await isolated.platform.warehouse.db.select().from(characterEpisodes))
      .map((l) => `${l.character_id}:${l.episode_id}`)
      .sort();

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('flow');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('loads every valid record exactly and quarantines the malformed ones with reasons', async () => {
    // Act
    const summary = await run(dataset);

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(summary.status).toBe('succeeded');
    expect(summary.pages).toEqual({ loaded: 2 + 2 + 7, skipped: 0, total: 2 + 2 + 7 });
    expect(summary.records).toEqual({ extracted: 33 + 24 + 134, rejected: 4, loaded: 33 + 24 + 130 });
    expect(summary.deadLetters).toEqual({ extract: 0, transform: 0, load: 0 });

    const rows = await db
      .select()
      .from(characters)
      .orderBy(asc(characters.id as never));
    expect(rows).toEqual(dataset.characters.filter(isWellFormed).map(expectedCharacter));
    expect(rows.some((row) => row.origin_location_id === null)).toBe(true);
    expect(rows.some((row) => row.type === '')).toBe(true);
    expect(rows.map((row) => row.name)).toContain('Zeep Xanflorp 🛸');
    expect(await readLinks()).toEqual(expectedLinks(dataset));

    const episodeRows = await db
      .select()
      .from(episodes)
      .orderBy(asc(episodes.id as never));
    expect(episodeRows.map((row) => [row.id, row.episode_code, row.air_date])).toEqual(
      dataset.episodes.map((episode) => [episode.id, episode.episode, expectedAirDate(episode.air_date)]),
    );
    const locationRows = await db
      .select()
      .from(locations)
      .orderBy(asc(locations.id as never));
    expect(locationRows.map((row) => [row.id, row.name, row.dimension])).toEqual(
      dataset.locations.map((location) => [location.id, location.name, location.dimension]),
    );

    const rejectedKey = `rejected/rickandmorty/character/${summary.runId}/000007.json`;
    const rejected = await isolated.platform.s3.send(
      new GetObjectCommand({ Bucket: isolated.platform.bucket, Key: rejectedKey }),
    );
    const quarantine = JSON.parse((await rejected.Body?.transformToString()) ?? '{}');
    expect(quarantine.rejected).toHaveLength(4);
    for (const record of quarantine.rejected) expect(record.reason).toMatch(/^[a-z_]+( \(from [^)]+\))?: \S/);
  });

  it('updates changed records on a second run and adds no rows', async () => {
    // Prepare
    const changed: RickAndMortyDataset = structuredClone(dataset);
    const [rick, second, third] = changed.characters as [ApiCharacter, ApiCharacter, ApiCharacter];
    rick.name = 'Rick Sanchez (C-137)';
    second.status = second.status === 'Dead' ? 'Alive' : 'Dead';
    third.episode = third.episode.slice(0, 1);
    third.location = { name: 'unknown', url: '' };
    (changed.locations[0] as { name: string }).name = 'Earth (Replacement Dimension)';
    const before = await isolated.platform.warehouse.db.select().from(characters);

    // Act
    const summary = await run(changed);

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(summary.status).toBe('succeeded');
    const rows = await db
      .select()
      .from(characters)
      .orderBy(asc(characters.id as never));
    expect(rows).toHaveLength(before.length);
    expect(rows).toEqual(changed.characters.filter(isWellFormed).map(expectedCharacter));
    expect(rows[2]?.location_id).toBeNull();
    expect(await readLinks()).toEqual(expectedLinks(changed));
    const [earth] = await db
      .select()
      .from(locations)
      .orderBy(asc(locations.id as never))
      .limit(1);
    expect(earth?.name).toBe('Earth (Replacement Dimension)');
    expect(summary.tables).toEqual({
      locations: 33,
      episodes: 24,
      characters: 130,
      character_episodes: expectedLinks(changed).length,
    });
  });
});
