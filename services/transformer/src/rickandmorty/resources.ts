import type { ProcessedPage } from '@sluice/contracts';
import type * as z from 'zod';
import { ApiCharacterSchema, ApiEpisodeSchema, ApiLocationSchema } from './records.ts';

type Tables = ProcessedPage['tables'];

export interface ResourceTransform<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** Warehouse rows of the valid records of one page, per table. */
  toTables: (records: z.infer<S>[]) => Tables;
}

const define = <S extends z.ZodType>(transform: ResourceTransform<S>) =>
  transform as unknown as ResourceTransform;

/** How each Rick and Morty resource becomes warehouse rows. */
export const RICK_AND_MORTY_RESOURCES: Record<string, ResourceTransform> = {
  location: define({
    schema: ApiLocationSchema,
    toTables: (records) => ({
      locations: records.map(({ id, name, type, dimension, url, created }) => ({
        id,
        name,
        type,
        dimension,
        url,
        createdAt: created,
      })),
    }),
  }),
  episode: define({
    schema: ApiEpisodeSchema,
    toTables: (records) => ({
      episodes: records.map(({ id, name, air_date, episode, url, created }) => ({
        id,
        name,
        airDate: air_date,
        episodeCode: episode,
        url,
        createdAt: created,
      })),
    }),
  }),
  character: define({
    schema: ApiCharacterSchema,
    toTables: (records) => ({
      characters: records.map((record) => ({
        id: record.id,
        name: record.name,
        status: record.status,
        species: record.species,
        type: record.type,
        gender: record.gender,
        originLocationId: record.origin,
        locationId: record.location,
        image: record.image,
        url: record.url,
        createdAt: record.created,
      })),
      // A character listed twice in the same episode is one link.
      character_episodes: records.flatMap((record) =>
        [...new Set(record.episode)].map((episodeId) => ({ characterId: record.id, episodeId })),
      ),
    }),
  }),
};
