import { drawCharacterLinks } from './character-links.ts';
import { recordRandom, STREAMS } from './record-random.ts';
import type { SourceSize } from './source-size.ts';

/** Who points at a record: character ids per episode, or per location. */
export type BackReferences = (id: number) => Int32Array;

export interface LinkIndex {
  episodeCharacters: BackReferences;
  locationResidents: BackReferences;
  /** Character–episode links in the whole source: the rows `character_episodes` ends up with. */
  links: number;
}

/** Compressed rows: `pairs` is [target, from, target, from, …]; ids end up grouped by target, ascending. */
const indexBackReferences = (targets: number, pairs: number[]): BackReferences => {
  const read = (array: Int32Array | number[], at: number) => array[at] ?? 0;
  const offsets = new Int32Array(targets + 2);
  for (let at = 0; at < pairs.length; at += 2) {
    const slot = read(pairs, at) + 1;
    offsets[slot] = read(offsets, slot) + 1;
  }
  for (let id = 1; id < offsets.length; id += 1) offsets[id] = read(offsets, id) + read(offsets, id - 1);
  const ids = new Int32Array(pairs.length / 2);
  const next = offsets.slice();
  for (let at = 0; at < pairs.length; at += 2) {
    const target = read(pairs, at);
    ids[read(next, target)] = read(pairs, at + 1);
    next[target] = read(next, target) + 1;
  }
  return (id) => ids.subarray(read(offsets, id), read(offsets, id + 1));
};

/**
 * Episodes list their characters and locations their residents, as the API serves them. Built once by
 * replaying every character's link draws (well under a second at 400,000), keeping only ids.
 */
export const buildLinkIndex = (seed: number, size: SourceSize): LinkIndex => {
  const episodePairs: number[] = [];
  const residentPairs: number[] = [];
  for (let id = 1; id <= size.characters; id += 1) {
    const drawn = drawCharacterLinks(recordRandom(seed, STREAMS.character, id), size);
    for (const episode of drawn.episodes) episodePairs.push(episode, id);
    if (drawn.location !== null) residentPairs.push(drawn.location, id);
  }
  return {
    episodeCharacters: indexBackReferences(size.episodes, episodePairs),
    locationResidents: indexBackReferences(size.locations, residentPairs),
    links: episodePairs.length / 2,
  };
};
