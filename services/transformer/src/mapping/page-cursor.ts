import { valueAtPath as readPath } from '@sluice/contracts/pipeline-definition';

const greater = (a: string | number, b: string | number): boolean =>
  typeof a === typeof b ? a > b : String(a) > String(b);

/**
 * The greatest `incremental.<resource>.cursor` value of a page, read from every record, rejected ones too:
 * a rejected record was still read, so the next run need not read it again. Numbers compare as numbers and
 * strings as strings (ISO timestamps in order); a page mixing the two compares them as text. Values that
 * are neither (null, missing, objects) are skipped; null when none is left.
 */
export const pageCursor = (records: unknown[], path: string): string | number | null => {
  let cursor: string | number | null = null;
  for (const record of records) {
    const value = readPath(record, path);
    const usable = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    if (usable && (cursor === null || greater(value, cursor))) cursor = value;
  }
  return cursor;
};
