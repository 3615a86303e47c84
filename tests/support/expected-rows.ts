import type { ApiCharacter, RickAndMortyDataset } from '@sluice/fixtures';

/**
 * What the warehouse should hold for a dataset, worked out independently of the transformer's code:
 * ids from URLs by splitting, dates through the platform's own Date parser.
 */
const idAtEnd = (url: string): number | null => (url === '' ? null : Number(url.split('/').at(-1)));

export const isWellFormed = (character: ApiCharacter): boolean =>
  typeof character.name === 'string' &&
  typeof character.status === 'string' &&
  typeof character.gender === 'string' &&
  Array.isArray(character.episode) &&
  typeof character.origin === 'object' &&
  typeof character.location?.url === 'string' &&
  !Number.isNaN(Date.parse(character.created));

export const expectedCharacter = (character: ApiCharacter) => ({
  id: character.id,
  name: character.name,
  status: character.status,
  species: character.species,
  type: character.type,
  gender: character.gender,
  origin_location_id: idAtEnd(character.origin.url),
  location_id: idAtEnd(character.location.url),
  image: character.image,
  url: character.url,
  created_at: character.created.replace('T', ' ').replace('Z', ''),
});

export const expectedLinks = (dataset: RickAndMortyDataset): string[] =>
  dataset.characters
    .filter(isWellFormed)
    .flatMap((character) => [...new Set(character.episode)].map((url) => `${character.id}:${idAtEnd(url)}`))
    .sort();

export const expectedAirDate = (airDate: string): string =>
  new Date(`${airDate} 00:00 UTC`).toISOString().slice(0, 10);
