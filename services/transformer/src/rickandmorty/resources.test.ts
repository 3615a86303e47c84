import { describe, expect, it } from 'vitest';
import { RICK_AND_MORTY_RESOURCES } from './resources.ts';

const character = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'Rick Sanchez',
  status: 'Alive',
  species: 'Human',
  type: '',
  gender: 'Male',
  origin: { name: 'unknown', url: '' },
  location: { name: 'Citadel of Ricks', url: 'https://rickandmortyapi.com/api/location/3' },
  image: 'https://rickandmortyapi.com/api/character/avatar/1.jpeg',
  episode: [
    'https://rickandmortyapi.com/api/episode/1',
    'https://rickandmortyapi.com/api/episode/2',
    'https://rickandmortyapi.com/api/episode/2',
  ],
  url: 'https://rickandmortyapi.com/api/character/1',
  created: '2017-11-04T18:48:46.250Z',
  ...overrides,
});

const transform = (resource: string, records: unknown[]) => {
  const definition = RICK_AND_MORTY_RESOURCES[resource];
  if (!definition) throw new Error(resource);
  return definition.toTables(records.map((record) => definition.schema.parse(record)));
};

describe('Transform: character', () => {
  it('maps a character to its row, an unknown origin to NULL and episodes to unique links', () => {
    const tables = transform('character', [character()]);
    expect(tables.characters).toEqual([
      {
        id: 1,
        name: 'Rick Sanchez',
        status: 'Alive',
        species: 'Human',
        type: '',
        gender: 'Male',
        originLocationId: null,
        locationId: 3,
        image: 'https://rickandmortyapi.com/api/character/avatar/1.jpeg',
        url: 'https://rickandmortyapi.com/api/character/1',
        createdAt: '2017-11-04 18:48:46.250',
      },
    ]);
    expect(tables.character_episodes).toEqual([
      { characterId: 1, episodeId: 1 },
      { characterId: 1, episodeId: 2 },
    ]);
  });

  it('rejects records whose shape the API would never serve, saying where', () => {
    const schema = RICK_AND_MORTY_RESOURCES.character?.schema;
    const cases = [
      [{ status: null }, 'status'],
      [{ created: 'not-a-date' }, 'created'],
      [{ episode: 'S01E01' }, 'episode'],
      [{ origin: { name: 'Earth', url: 'https://example.com/nope' } }, 'origin.url'],
    ] as const;
    for (const [overrides, path] of cases) {
      const result = schema?.safeParse(character(overrides));
      expect(result?.success).toBe(false);
      expect(result?.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
  });
});

describe('Transform: episode and location', () => {
  it('maps air dates to DATE and keeps the episode code', () => {
    const tables = transform('episode', [
      {
        id: 1,
        name: 'Pilot',
        air_date: 'December 2, 2013',
        episode: 'S01E01',
        characters: [],
        url: 'https://rickandmortyapi.com/api/episode/1',
        created: '2017-11-10T12:56:33.798Z',
      },
    ]);
    expect(tables.episodes?.[0]).toMatchObject({ airDate: '2013-12-02', episodeCode: 'S01E01' });
  });

  it('keeps non-ASCII names as they are', () => {
    const tables = transform('location', [
      {
        id: 5,
        name: 'Earth (J19ζ7)',
        type: 'Planet',
        dimension: 'unknown',
        residents: [],
        url: 'https://rickandmortyapi.com/api/location/5',
        created: '2017-11-10T12:42:04.162Z',
      },
    ]);
    expect(tables.locations?.[0]?.name).toBe('Earth (J19ζ7)');
  });
});
