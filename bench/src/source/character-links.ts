import type { RecordRandom } from './record-random.ts';
import type { SourceSize } from './source-size.ts';

/** What a character points at: ids, null for "unknown". */
export interface CharacterLinks {
  origin: number | null;
  location: number | null;
  /** Distinct episode ids, ascending. */
  episodes: number[];
}

// As in the fixtures' generator: most characters appear in a handful of episodes.
const MAX_EPISODES_PER_CHARACTER = 6;

/**
 * The first draws from a character's stream. Both the character itself and the index of who appears in
 * which episode call this, so the two sides of every link agree.
 */
export const drawCharacterLinks = (random: RecordRandom, size: SourceSize): CharacterLinks => {
  const origin = random.chance(0.25) ? null : random.integer(1, size.locations);
  const location = random.chance(0.12) ? null : random.integer(1, size.locations);
  const count = random.integer(1, Math.min(size.episodes, MAX_EPISODES_PER_CHARACTER));
  const episodes = new Set<number>();
  // At most 6 of thousands: redrawing the rare duplicate is cheaper than sampling over every episode.
  while (episodes.size < count) episodes.add(random.integer(1, size.episodes));
  return { origin, location, episodes: [...episodes].sort((a, b) => a - b) };
};
