import { isPlainObject } from '@sluice/contracts';
import type { CompiledColumn, CompiledMapping } from './compiled-mapping.ts';
import type { Row } from './page-rows.ts';
import { Problem } from './problem.ts';
import { showValue } from './show-value.ts';

/** A valid record's values: its row, and for each child (in file order) the parent's part and one per element. */
export interface RecordValues {
  row: Row;
  children: { parent: Row; items: Row[] }[];
}

/** A record's values, or why it is rejected: every problem of it, in one reason. */
export type RecordCheck = (record: unknown) => RecordValues | string;

/**
 * The row of `columns` read from a record (and an element of its child array), each value checked and
 * converted. A problem goes to `problems` where the person who wrote the mapping reads it:
 * `status (from status)`, `character_episodes.character_id (from $parent.id)` (`place` is the table and
 * a dot), `episode[3]: episode_id (from $item)` (`place` is the array's path, `index` the element's).
 */
const fillRow = (
  columns: readonly CompiledColumn[],
  record: unknown,
  item: unknown,
  problems: string[],
  place: string,
  index?: number,
): Row => {
  // A plain object filled in the same order every time shares one shape with every row of its table. (No
  // column is named __proto__: zod's parse of the pipeline file skips such a key.)
  const row: Row = {};
  for (const column of columns) {
    const value = column.check(column.read(record, item));
    if (!(value instanceof Problem)) {
      row[column.name] = value;
      continue;
    }
    const label = `${column.name} (from ${column.from})`;
    const where = index === undefined ? `${place}${label}` : `${place}[${index}]: ${label}`;
    problems.push(`${where}: ${value.message}`);
  }
  return row;
};

const arrayProblem = (value: unknown) =>
  value === undefined ? 'missing from the record' : `expected an array, got ${showValue(value)}`;

/**
 * The check of one record under a mapping: it reads each column's value at its `from` and checks and
 * converts it, children included, so that every problem of a record is in one reason (each said once: an
 * entity and its link read the same array, and one that is missing is one problem).
 */
export const recordCheck =
  (mapping: CompiledMapping): RecordCheck =>
  (record) => {
    // Only that the record is an object: the columns read what they need from it.
    if (!isPlainObject(record)) return `expected a record (an object), got ${showValue(record)}`;
    const problems: string[] = [];
    const row = fillRow(mapping.columns, record, undefined, problems, '');
    const children = mapping.children.map((child) => {
      const parent = fillRow(child.parentColumns, record, undefined, problems, `${child.table}.`);
      const array = child.readArray(record);
      if (!Array.isArray(array)) {
        problems.push(`${child.from}: ${arrayProblem(array)}`);
        return { parent, items: [] };
      }
      const items = array.map((item: unknown, index) =>
        fillRow(child.itemColumns, record, item, problems, child.from, index),
      );
      return { parent, items };
    });
    return problems.length === 0 ? { row, children } : [...new Set(problems)].join('; ');
  };
