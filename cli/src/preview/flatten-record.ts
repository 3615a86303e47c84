import { isPlainObject } from '@sluice/contracts';

/** The key under which a record that is not an object is shown: it has no fields. */
export const WHOLE_RECORD = '(record)';

/**
 * A record's values by dot path, in the record's own order: nested objects are opened (`author.name`),
 * arrays, scalars, null and empty objects are values. A record that is not an object is one value.
 */
export const flattenRecord = (record: unknown): Map<string, unknown> => {
  const values = new Map<string, unknown>();
  if (!isPlainObject(record)) return values.set(WHOLE_RECORD, record);
  const visit = (object: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      if (isPlainObject(value) && Object.keys(value).length > 0) visit(value, `${path}.`);
      else values.set(path, value);
    }
  };
  visit(record, '');
  return values;
};

/** Every path of the records, in order of first appearance. */
export const pathsOf = (records: readonly unknown[]): string[] => {
  const paths = new Set<string>();
  for (const record of records) for (const path of flattenRecord(record).keys()) paths.add(path);
  return [...paths];
};
