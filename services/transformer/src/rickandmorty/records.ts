import * as z from 'zod';
import { idFromUrl, toSqlDate, toSqlDatetime } from './values.ts';

/**
 * The Rick and Morty API's records as it serves them, validated and turned into warehouse values in one
 * step: a record that parses here maps to rows without further checks.
 */
const apiUrl = (resource: string) =>
  z.string().regex(new RegExp(`/${resource}/\\d+/?$`), `a URL ending in /${resource}/<id>`);

/** `{ name: 'unknown', url: '' }` where the API does not know the place. */
const placeRef = z
  .object({ name: z.string(), url: z.union([z.literal(''), apiUrl('location')]) })
  .transform((ref) => idFromUrl(ref.url));

const created = z.iso.datetime().transform(toSqlDatetime);

export const ApiCharacterSchema = z.object({
  id: z.int().positive(),
  name: z.string().min(1),
  status: z.enum(['Alive', 'Dead', 'unknown']),
  species: z.string(),
  type: z.string(),
  gender: z.enum(['Female', 'Male', 'Genderless', 'unknown']),
  origin: placeRef,
  location: placeRef,
  image: z.string(),
  episode: z.array(apiUrl('episode').transform((url) => idFromUrl(url) as number)),
  url: apiUrl('character'),
  created,
});

export const ApiLocationSchema = z.object({
  id: z.int().positive(),
  name: z.string().min(1),
  type: z.string(),
  dimension: z.string(),
  url: apiUrl('location'),
  created,
});

const airDate = z.string().transform((value, context) => {
  try {
    return toSqlDate(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export const ApiEpisodeSchema = z.object({
  id: z.int().positive(),
  name: z.string().min(1),
  air_date: airDate,
  episode: z.string().regex(/^S\d{2}E\d{2}$/, 'an episode code like S01E01'),
  url: apiUrl('episode'),
  created,
});
