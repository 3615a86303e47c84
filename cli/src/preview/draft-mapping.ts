import { columnMappingOf } from './column-mapping.ts';
import { type ColumnNote, draftChildren } from './draft-children.ts';
import type { InferredColumn } from './infer-columns.ts';
import type { InferredResource } from './infer-lists.ts';

type Plain = Record<string, unknown>;

/** A resource's proposed transform and destination, as the pipeline file writes them. */
export interface MappingDraft {
  resource: string;
  /** The table each record becomes a row of. */
  table: string;
  /** `transform.<resource>`, children included. */
  transform: Plain;
  /** `destination.<table>` of every table the transform fills, the record's own first. */
  destination: Record<string, Plain>;
  /** What to check, by column, as paths under `transform.<resource>`. */
  notes: ColumnNote[];
  /** What to check about a table as a whole (its key). */
  tableNotes: Record<string, string>;
}

/** A table name from a resource: `book-reviews` → `book_reviews`, as SQL names are written. */
export const tableNameOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^(?=\d)/, '_')
    .slice(0, 64);

/**
 * The mapping a page's inferred columns give: one transform column per field, declared once (the tables
 * list no columns and take them from the transform, so a type says `length` or `sql` only where its
 * default would not do), upserted on the likely key or appended when the page shows none, and a child
 * table per list field (see draftChildren). Throws when there is nothing to map.
 */
export const draftMapping = (resource: string, table: string, inferred: InferredResource): MappingDraft => {
  if (inferred.columns.length === 0) {
    throw new Error(
      `the page of ${resource} has no record fields to map (no records, or records that are not objects)`,
    );
  }
  const columns = Object.fromEntries(
    inferred.columns.map((column) => [column.name, columnMappingOf(column)]),
  );
  const notes = inferred.columns.flatMap((column) =>
    column.note ? [{ path: ['columns', column.name], note: column.note }] : [],
  );
  const key = inferred.key && inferred.columns.find((column) => column.name === inferred.key?.[0]);
  if (!inferred.key || !key) {
    return {
      resource,
      table,
      transform: { table, columns },
      destination: { [table]: { writeMode: 'append' } },
      notes,
      tableNotes: {
        [table]: 'no field tells the records of this page apart: appended; give a primaryKey to upsert',
      },
    };
  }
  const children = draftChildren(inferred.lists, { resource, table, key: key as InferredColumn });
  return {
    resource,
    table,
    transform: { table, columns, ...(children.children.length > 0 ? { children: children.children } : {}) },
    destination: { [table]: { primaryKey: inferred.key }, ...children.destination },
    notes: [...notes, ...children.notes],
    tableNotes: {},
  };
};
