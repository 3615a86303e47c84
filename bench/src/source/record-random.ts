/**
 * Randomness per record: each record draws from its own stream, derived from the seed, the resource and
 * its id, so record 87,311 can be generated without generating the 87,310 before it.
 */
export type RecordRandom = {
  /** An integer in [min, max], both included. */
  integer: (min: number, max: number) => number;
  chance: (probability: number) => boolean;
};

// murmur3's finaliser: spreads neighbouring ids over the whole 32-bit range.
const mix = (value: number): number => {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

export const STREAMS = { character: 1, location: 2, episode: 3 } as const;

/** mulberry32, like the fixtures' generator, seeded per record. */
export const recordRandom = (seed: number, stream: number, id: number): RecordRandom => {
  let state = mix(mix(seed ^ Math.imul(stream, 0x9e3779b9)) ^ id);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
  };
};
