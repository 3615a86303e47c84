import {
  type ApiCharacter,
  type ApiEpisode,
  type ApiLocation,
  type ApiLocationLink,
  generateRickAndMortyDataset,
  type RickAndMortyDataset,
} from '@sluice/fixtures';
import { drawCharacterLinks } from './character-links.ts';
import { lazyRecords } from './lazy-records.ts';
import { buildLinkIndex } from './link-index.ts';
import { type RecordRandom, recordRandom, STREAMS } from './record-random.ts';
import { type SourceSize, sizeSource } from './source-size.ts';

const CANONICAL_API = 'https://rickandmortyapi.com/api';
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const DAY_MS = 86_400_000;
const CHARACTERS_FROM = Date.parse('2017-11-04T18:48:46.250Z');
const LOCATIONS_FROM = Date.parse('2017-11-10T12:42:04.162Z');
const EPISODES_FROM = Date.parse('2017-11-10T12:56:33.798Z');
const FIRST_AIR_DATE = Date.parse('2013-12-02T00:00:00Z');

export interface SyntheticSource {
  dataset: RickAndMortyDataset;
  size: SourceSize;
  /** Character–episode links: the rows `character_episodes` ends up with. */
  links: number;
}

const urlOf = (resource: string, id: number) => `${CANONICAL_API}/${resource}/${id}`;
const pickFrom = <T>(values: readonly T[], random: RecordRandom): T => {
  const value = values[random.integer(0, values.length - 1)];
  if (value === undefined) throw new RangeError('nothing to pick from');
  return value;
};
/** Creation times a little under a minute apart, in id order, as one import run would stamp them. */
const createdAt = (from: number, id: number, random: RecordRandom) =>
  new Date(from + id * 30_000 + random.integer(0, 29_999)).toISOString();

const airDateOf = (id: number) => {
  const date = new Date(FIRST_AIR_DATE + (id - 1) * 7 * DAY_MS);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
};
// Ten a season, seasons 01 to 99 over and over: the API's codes have two digits each, and the transformer
// rejects any other shape.
const episodeCodeOf = (id: number) => {
  const season = (Math.floor((id - 1) / 10) % 99) + 1;
  return `S${String(season).padStart(2, '0')}E${String(((id - 1) % 10) + 1).padStart(2, '0')}`;
};

/**
 * A Rick and Morty API of any size, deterministic from `seed`, generated page by page as it is served.
 * The fixtures' generator is not used at this scale: its episode sampling costs O(characters × episodes)
 * (10 s at 100,000 characters, 161 s at 400,000). Its live-sized output is used instead as the pool of
 * names, species, types and dimensions each record draws from, quirks and non-ASCII names included.
 */
export const createSyntheticSource = (options: { seed: number; characters: number }): SyntheticSource => {
  const { seed } = options;
  const size = sizeSource(options.characters);
  const pool = generateRickAndMortyDataset({ seed, characters: 826, locations: 126, episodes: 51 });
  const index = buildLinkIndex(seed, size);
  const placeOf = (id: number | null): ApiLocationLink => {
    if (id === null) return { name: 'unknown', url: '' };
    const template = pickFrom(pool.locations, recordRandom(seed, STREAMS.location, id));
    return { name: template.name, url: urlOf('location', id) };
  };

  const characterAt = (id: number): ApiCharacter => {
    const random = recordRandom(seed, STREAMS.character, id);
    const links = drawCharacterLinks(random, size);
    const template = pickFrom(pool.characters, random);
    return {
      id,
      name: template.name,
      status: template.status,
      species: template.species,
      type: template.type,
      gender: template.gender,
      origin: placeOf(links.origin),
      location: placeOf(links.location),
      image: `${CANONICAL_API}/character/avatar/${id}.jpeg`,
      episode: links.episodes.map((episode) => urlOf('episode', episode)),
      url: urlOf('character', id),
      created: createdAt(CHARACTERS_FROM, id, random),
    };
  };
  const locationAt = (id: number): ApiLocation => {
    const random = recordRandom(seed, STREAMS.location, id);
    // The first draw, as in placeOf: a character's link names the location as the location calls itself.
    const template = pickFrom(pool.locations, random);
    return {
      id,
      name: template.name,
      type: template.type,
      dimension: template.dimension,
      residents: Array.from(index.locationResidents(id), (character) => urlOf('character', character)),
      url: urlOf('location', id),
      created: createdAt(LOCATIONS_FROM, id, random),
    };
  };
  const episodeAt = (id: number): ApiEpisode => {
    const random = recordRandom(seed, STREAMS.episode, id);
    return {
      id,
      name: pickFrom(pool.episodes, random).name,
      air_date: airDateOf(id),
      episode: episodeCodeOf(id),
      characters: Array.from(index.episodeCharacters(id), (character) => urlOf('character', character)),
      url: urlOf('episode', id),
      created: createdAt(EPISODES_FROM, id, random),
    };
  };

  return {
    dataset: {
      characters: lazyRecords(size.characters, (at) => characterAt(at + 1)),
      locations: lazyRecords(size.locations, (at) => locationAt(at + 1)),
      episodes: lazyRecords(size.episodes, (at) => episodeAt(at + 1)),
    },
    size,
    links: index.links,
  };
};
