import type { ValueType } from '@sluice/contracts/pipeline-definition';
import { flattenRecord, WHOLE_RECORD } from './flatten-record.ts';
import { guessValueType } from './guess-value-type.ts';

/** One column proposed for a field path of the records. */
export interface InferredColumn {
  /** The column's name: the path in snake_case (`author.firstName` → `author_first_name`). */
  name: string;
  /** Where the value is in a record: the mapping's `from`. */
  from: string;
  type: ValueType;
  sqlType: string;
  nullable: boolean;
  /** Records of the page without the field at all. */
  missing: number;
  /** What a person should check about the guess, or null. */
  note: string | null;
}

export interface InferredColumns {
  columns: InferredColumn[];
  /** The columns that tell records apart on this page (a likely primary key), or null. */
  key: string[] | null;
  /** Paths a mapping cannot name (`first name`, `@id`), with why. */
  skipped: { path: string; reason: string }[];
}

// A path the schema's `from` takes (contracts identifiers.ts): segments of letters, digits, _ and -.
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_-]*|\d+)$/;
const MAX_NAME = 64;
// Fields that usually identify a record, best first; the first one unique and never empty is the key.
const KEY_NAMES = ['id', 'uuid', 'key', 'code', 'sku', 'slug', 'url', 'href', 'link'];

/** `author.firstName` → `author_first_name`: snake_case, within MySQL's 64 characters, not led by a digit. */
export const columnNameOf = (path: string): string => {
  const snake = path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  const name = /^[a-z_]/.test(snake) ? snake : `_${snake}`;
  return name.slice(0, MAX_NAME);
};

/** Names made unique in order: a second `author_name` becomes `author_name_2`. */
export const uniqueNames = (names: readonly string[]): string[] => {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let count = 2; taken.has(unique); count += 1) {
      const suffix = `_${count}`;
      unique = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    taken.add(unique);
    return unique;
  });
};

/** `a.b.c` → `a`, `a.b`. */
const ancestorsOf = (path: string): string[] => {
  const parts = path.split('.');
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('.'));
};

/**
 * The paths to map: where a path holds a value in some records and an object in others, the path is
 * kept whole (as JSON) and the paths inside it dropped; a path that is only ever null beside an object
 * is left to the paths inside it.
 */
const columnPaths = (flat: readonly Map<string, unknown>[]): string[] => {
  const paths = [...new Set(flat.flatMap((values) => [...values.keys()]))];
  const parents = new Set(paths.flatMap(ancestorsOf));
  const whole = paths.filter(
    (path) =>
      parents.has(path) && flat.some((values) => values.get(path) !== undefined && values.get(path) !== null),
  );
  const inside = (path: string) => whole.some((parent) => path.startsWith(`${parent}.`));
  return paths.filter((path) => !inside(path) && (!parents.has(path) || whole.includes(path)));
};

/** The value at a dot path of a record, undefined where the path leads nowhere. */
export const valueAt = (record: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined,
      record,
    );

const inferColumn = (records: readonly unknown[], from: string): Omit<InferredColumn, 'name'> => {
  const values = records.map((record) => valueAt(record, from));
  const missing = values.filter((value) => value === undefined).length;
  const present = values.filter((value) => value !== undefined && value !== null);
  const guess = guessValueType(present);
  const absent =
    missing > 0
      ? `missing from ${missing} of ${records.length} records, which a mapping rejects (nullable or not)`
      : null;
  return {
    from,
    type: guess.type,
    sqlType: guess.sqlType,
    nullable: present.length < values.length || guess.blankAsNull,
    missing,
    note: [guess.note, absent].filter(Boolean).join('; ') || null,
  };
};

/**
 * The first column, best name first, whose values are all there and all different within each group: a
 * likely key. Records are one group; the items of a list are grouped by the record holding them, since
 * one author may be listed by many books.
 */
export const likelyKey = (
  groups: readonly (readonly unknown[])[],
  columns: readonly InferredColumn[],
): string[] | null => {
  const keyable = columns.filter(
    (column) =>
      !column.nullable && ['int', 'string'].includes(column.type) && !column.sqlType.startsWith('text'),
  );
  const rank = (column: InferredColumn) => {
    const index = KEY_NAMES.indexOf(column.name);
    if (index >= 0) return index;
    if (column.from.includes('.')) return -1;
    // `book_id`, then `page_url` (a web page's link to the record's own page).
    if (/_id$/.test(column.name)) return KEY_NAMES.length;
    return /_url$/.test(column.name) ? KEY_NAMES.length + 1 : -1;
  };

  const candidates = keyable.filter((column) => rank(column) >= 0).sort((a, b) => rank(a) - rank(b));
  const unique = candidates.find((column) =>
    groups.every((records) => {
      const seen = records.map((record) => JSON.stringify(valueAt(record, column.from)));
      return new Set(seen).size === seen.length;
    }),
  );
  return unique ? [unique.name] : null;
};

/**
 * Proposes a column for each field path of a page's records (nested objects opened into paths, arrays
 * and mixed values as JSON), typed from the values seen, nullable where a record lacks the field or has
 * null, and a likely key. Records that are not objects give no columns. Pure: the page is a sample,
 * and each guess says so where it is unsure.
 */
export const inferColumns = (records: readonly unknown[]): InferredColumns => {
  const flat = records.map(flattenRecord);
  const paths = columnPaths(flat).filter((path) => path !== WHOLE_RECORD);
  const skipped = paths
    .filter((path) => !path.split('.').every((segment) => SEGMENT.test(segment)))
    .map((path) => ({ path, reason: 'a mapping’s from names letters, digits, _ and - only' }));
  const mapped = paths.filter((path) => !skipped.some((skip) => skip.path === path));
  const names = uniqueNames(mapped.map(columnNameOf));
  const columns = mapped.map((from, index) => ({
    name: names[index] as string,
    ...inferColumn(records, from),
  }));
  return { columns, key: likelyKey([records], columns), skipped };
};
