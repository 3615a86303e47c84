import * as z from 'zod';
import type { RejectedRecord, Row } from '../mapping/page-rows.ts';
import type { TransformModule } from './transform-module.ts';

export const EPISODE_NUMBERS_TABLE = 'episode_numbers';

// Up to 2^31 - 1, the int columns of the table.
const number = z.coerce.number<string>().int().positive().max(2_147_483_647);

/** An episode record as far as this module reads it: `{ id: 28, episode: 'S03E07' }`. */
const EpisodeCodeSchema = z.object({
  id: z.int().positive().max(2_147_483_647),
  episode: z
    .string()
    .regex(/^S\d+E\d+$/, 'expected an episode code like S01E01')
    .transform((code): [string, string] => [
      code.slice(1, code.indexOf('E')),
      code.slice(code.indexOf('E') + 1),
    ])
    .pipe(z.tuple([number, number])),
});

const reasonOf = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');

/**
 * `episode-numbers`: an episode's code (`S03E07`) as its season and number, `episode_numbers(episode_id,
 * season, number)`, so that seasons can be grouped and sorted. A mapping cannot say it: it takes one
 * source value to one column, and this takes one to two.
 */
export const episodeNumbers: TransformModule = {
  transformPage: (records) => {
    const rows: Row[] = [];
    const rejected: RejectedRecord[] = [];
    records.forEach((record, index) => {
      const result = EpisodeCodeSchema.safeParse(record);
      if (!result.success) {
        rejected.push({ index, reason: reasonOf(result.error), record });
        return;
      }
      const [season, episode] = result.data.episode;
      rows.push({ episode_id: result.data.id, season, number: episode });
    });
    return { tables: { [EPISODE_NUMBERS_TABLE]: rows }, rejected, replace: {} };
  },
};
