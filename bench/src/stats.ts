/** The middle value (the lower of the two middles for an even count); NaN for none. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** Median of each numeric field over several runs' results, by a picker. */
export const medianOf = <T>(results: readonly T[], pick: (result: T) => number | null | undefined): number =>
  median(results.map(pick).filter((value): value is number => typeof value === 'number'));
