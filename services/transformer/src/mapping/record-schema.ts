import { isPlainObject } from '@sluice/contracts';
import * as z from 'zod';
import type { CompiledColumn, CompiledMapping } from './compiled-mapping.ts';
import type { Row } from './page-rows.ts';
import { showValue } from './show-value.ts';

/** A valid record's values: its row, and for each child (in file order) the parent's part and one per element. */
export interface RecordValues {
  row: Row;
  children: { parent: Row; items: Row[] }[];
}

/**
 * The columns' values as read, for the row schema to check. A prototype-less object, filled in one loop:
 * no pair arrays per record, and a column named `__proto__` is a key like any other. zod's parse makes
 * the row itself.
 */
const pick = (columns: CompiledColumn[], record: unknown, item?: unknown) => {
  const values: Record<string, unknown> = Object.create(null);
  for (const column of columns) values[column.name] = column.read(record, item);
  return values;
};

const rowSchema = (columns: CompiledColumn[]) =>
  z.object(Object.fromEntries(columns.map((column) => [column.name, column.schema])));

// Only that the record is an object: the columns read what they need from it. (A z.record copied every
// record key by key before the columns were read.)
const RecordObjectSchema = z.custom<Record<string, unknown>>(isPlainObject, {
  error: (issue) => `expected a record (an object), got ${showValue(issue.input)}`,
});

/**
 * The zod schema of one record under a mapping: it reads each column's value at its `from`, then checks and
 * converts them all, children included, so that every problem of a record is in one reason. Issues have
 * the paths `describeRejection` reads: `row.<column>`, `children.<i>.parent.<column>`,
 * `children.<i>.items` and `children.<i>.items.<element>.<column>`.
 */
export const recordSchema = (mapping: CompiledMapping): z.ZodType<RecordValues, unknown> =>
  RecordObjectSchema.transform((record) => ({
    row: pick(mapping.columns, record),
    children: mapping.children.map((child) => {
      const array = child.readArray(record);
      return {
        parent: pick(child.parentColumns, record),
        items: Array.isArray(array)
          ? array.map((item: unknown) => pick(child.itemColumns, record, item))
          : array,
      };
    }),
  })).pipe(
    z.object({
      row: rowSchema(mapping.columns),
      // One schema per child, in file order; z.tuple types only literal tuples, hence the cast of the whole.
      children: z.tuple(
        mapping.children.map((child) =>
          z.object({
            parent: rowSchema(child.parentColumns),
            items: z.array(rowSchema(child.itemColumns), {
              error: (issue) =>
                issue.input === undefined
                  ? 'missing from the record'
                  : `expected an array, got ${showValue(issue.input)}`,
            }),
          }),
        ) as [],
      ),
    }),
  ) as z.ZodType<RecordValues, unknown>;

const columnLabel = (columns: CompiledColumn[], name: PropertyKey | undefined) => {
  const column = columns.find((candidate) => candidate.name === name);
  return column ? `${column.name} (from ${column.from})` : String(name);
};

/**
 * Where an issue is, as the person who wrote the mapping reads it: `status (from status)`,
 * `episode[3]: episode_id (from $item)`, `character_episodes.character_id (from $parent.id)`.
 */
const locate = (mapping: CompiledMapping, path: PropertyKey[]): string => {
  const [area, first, part, element, name] = path;
  if (area === 'row') return columnLabel(mapping.columns, first);
  const child = mapping.children[Number(first)];
  if (area !== 'children' || !child) return path.join('.');
  if (part === 'parent') return `${child.table}.${columnLabel(child.parentColumns, element)}`;
  if (element === undefined) return child.from;
  return `${child.from}[${String(element)}]: ${columnLabel(child.itemColumns, name)}`;
};

/** Why a record was rejected, every problem of it: `status (from status): expected one of …; …`. */
export const describeRejection = (mapping: CompiledMapping, error: z.ZodError): string => {
  const problems = error.issues.map((issue) =>
    issue.path.length > 0 ? `${locate(mapping, issue.path)}: ${issue.message}` : issue.message,
  );
  // An entity and its link read the same array: one that is missing is one problem, said once.
  return [...new Set(problems)].join('; ');
};
