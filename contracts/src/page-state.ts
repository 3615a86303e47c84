import { createHash } from 'node:crypto';

/** SHA-256 in hex: of a page's bytes (its content hash) or of its URL (its name in the state area). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the loader publishes after loading a page, so the next run can skip the page if it is unchanged. */
export interface PageState {
  url: string;
  contentHash: string;
  runId: string;
  loadedAt: string;
}

/** A resource's incremental high-water mark, published when a run has loaded every page of it. */
export interface CursorState {
  value: string | number;
  runId: string;
  updatedAt: string;
}

/** Numbers compare as numbers, everything else as text (ISO timestamps sort as text). */
export const compareCursors = (a: string | number, b: string | number): number =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a) < String(b)
      ? -1
      : String(a) > String(b)
        ? 1
        : 0;

export const maxCursor = (values: Iterable<string | number | null>): string | number | null => {
  let max: string | number | null = null;
  for (const value of values)
    if (value !== null && (max === null || compareCursors(value, max) > 0)) max = value;
  return max;
};
