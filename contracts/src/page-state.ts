import { createHash } from 'node:crypto';

/** SHA-256 in hex: of a page's bytes (its content hash) or of its URL (its name in the page states). */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What the loader publishes for a resource once a run has loaded every page of it, so that the next run
 * can skip the pages that are unchanged: the content hash last loaded for each URL, by the URL's SHA-256.
 * A load that changes a page before then withdraws it (no pages, `runId` null): a copy that no longer
 * matches the warehouse would make the next run skip a page it must load.
 */
export interface PageStates {
  version: 1;
  runId: string | null;
  updatedAt: string;
  pages: Record<string, string>;
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
