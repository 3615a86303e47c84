import type { InferredColumns } from './infer-columns.ts';

type Plain = Record<string, unknown>;

/** A resource's proposed transform and destination, as the pipeline file writes them. */
export interface MappingDraft {
  resource: string;
  table: string;
  /** `transform.<resource>`. */
  transform: Plain;
  /** `destination.<table>`. */
  destination: Plain;
  /** What to check, by column name. */
  notes: Record<string, string>;
  /** What to check about the table as a whole (its key). */
  tableNote: string | null;
}

/** A table name from a resource: `book-reviews` → `book_reviews`, as SQL names are written. */
export const tableNameOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^(?=\d)/, '_')
    .slice(0, 64);

/**
 * The mapping a page's inferred columns give: one column per field, each declared twice as the file
 * needs (`transform` reads and converts, `destination` creates the table), upserted on the likely key,
 * or appended when the page shows none. Throws when there is nothing to map.
 */
export const draftMapping = (resource: string, table: string, inferred: InferredColumns): MappingDraft => {
  if (inferred.columns.length === 0) {
    throw new Error(
      `the page of ${resource} has no record fields to map (no records, or records that are not objects)`,
    );
  }
  const columns = Object.fromEntries(
    inferred.columns.map((column) => [
      column.name,
      { from: column.from, type: column.type, ...(column.nullable ? { nullable: true } : {}) },
    ]),
  );
  const sqlColumns = Object.fromEntries(
    inferred.columns.map((column) => [
      column.name,
      column.nullable ? { type: column.sqlType, nullable: true } : column.sqlType,
    ]),
  );
  const keyed = inferred.key !== null;
  return {
    resource,
    table,
    transform: { table, columns },
    destination: {
      columns: sqlColumns,
      ...(keyed ? { primaryKey: inferred.key, writeMode: 'upsert' } : { writeMode: 'append' }),
    },
    notes: Object.fromEntries(
      inferred.columns.flatMap((column) => (column.note ? [[column.name, column.note]] : [])),
    ),
    tableNote: keyed
      ? null
      : 'no field tells the records of this page apart: appended; give a primaryKey to upsert',
  };
};
