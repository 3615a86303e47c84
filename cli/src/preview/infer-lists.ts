import { isPlainObject } from '@sluice/contracts';
import { guessValueType } from './guess-value-type.ts';
import {
  type InferredColumn,
  type InferredColumns,
  inferColumns,
  likelyKey,
  valueAt,
} from './infer-columns.ts';

/** A list field of the records, drafted as a child table rather than a JSON column. */
export type InferredList =
  /** Scalars (`tags: [sf, novel]`): one row per parent and value. */
  | { kind: 'values'; from: string; name: string; value: InferredColumn }
  /** Objects with a key of their own (`authors: [{ id, name }]`): an entity table, and a link table. */
  | { kind: 'entities'; from: string; name: string; items: InferredColumns & { key: string[] } }
  /** Objects without one: one row per element. */
  | { kind: 'rows'; from: string; name: string; items: InferredColumns };

/** A resource's columns, likely key and the lists that become its child tables. */
export interface InferredResource extends InferredColumns {
  lists: InferredList[];
}

const isScalar = (value: unknown): boolean =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** `tags` → `tag`, `categories` → `category`: what one element of a list is called, as a column. */
export const singularOf = (name: string): string => {
  if (/ies$/.test(name)) return name.replace(/ies$/, 'y');
  if (/[^s]s$/.test(name)) return name.slice(0, -1);
  return name;
};

const valuesList = (column: InferredColumn, items: readonly unknown[]): InferredList | null => {
  const present = items.filter((item) => item !== null);
  const guess = guessValueType(present);
  if (guess.type === 'json') return null;
  const value: InferredColumn = {
    name: singularOf(column.name),
    from: '$item',
    type: guess.type,
    sqlType: guess.sqlType,
    nullable: present.length < items.length || guess.blankAsNull,
    missing: 0,
    note: guess.note,
  };
  return { kind: 'values', from: column.from, name: column.name, value };
};

/**
 * What a JSON column of the records is as a list, or null when it is not one a child table can take: an
 * array in every record (the transformer rejects a record whose child list is missing or null), with at
 * least one element on the pages, all scalars of one kind or all objects.
 */
const listOf = (records: readonly unknown[], column: InferredColumn): InferredList | null => {
  const lists = records.map((record) => valueAt(record, column.from));
  if (!lists.every(Array.isArray)) return null;
  const items = (lists as unknown[][]).flat();
  if (items.length === 0) return null;
  if (items.every(isScalar)) return valuesList(column, items);
  if (!items.every(isPlainObject)) return null;
  const inferred = inferColumns(items);
  if (inferred.columns.length === 0) return null;
  // An entity is listed by many parents: its key must tell apart the elements of one list, not of all.
  const key = likelyKey(lists as unknown[][], inferred.columns);
  const { from, name } = column;
  return key
    ? { kind: 'entities', from, name, items: { ...inferred, key } }
    : { kind: 'rows', from, name, items: { ...inferred, key: null } };
};

const NO_KEY_NOTE = 'a list: kept as JSON, since a child table needs the record’s key to point at';

/**
 * Proposes the columns of a page's records (see inferColumns), with each list field drafted as a child
 * table (values, entities with a link, or plain rows) where the records have a key to tie them to.
 */
export const inferResource = (records: readonly unknown[]): InferredResource => {
  const inferred = inferColumns(records);
  const found = inferred.columns.map((column) => (column.type === 'json' ? listOf(records, column) : null));
  if (inferred.key === null) {
    const columns = inferred.columns.map((column, index) =>
      found[index] ? { ...column, note: [column.note, NO_KEY_NOTE].filter(Boolean).join('; ') } : column,
    );
    return { ...inferred, columns, lists: [] };
  }
  return {
    ...inferred,
    columns: inferred.columns.filter((_, index) => !found[index]),
    lists: found.filter((list) => list !== null),
  };
};
