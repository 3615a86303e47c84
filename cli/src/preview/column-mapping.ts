import { DEFAULT_COLUMN_TYPES } from '@sluice/contracts/pipeline-definition';
import type { InferredColumn } from './infer-columns.ts';

type Plain = Record<string, unknown>;

/**
 * What a transform column must say of its destination column besides its type, for a table that lists no
 * columns: nothing where the type's default fits, `length` for a varchar of another length, else `sql`.
 * The column is then declared once, and the table takes it from there.
 */
const typeDetailOf = (column: InferredColumn): Plain => {
  if (column.sqlType === DEFAULT_COLUMN_TYPES[column.type]) return {};
  const varchar = /^varchar\((\d+)\)$/.exec(column.sqlType);
  if (column.type === 'string' && varchar) return { length: Number(varchar[1]) };
  return { sql: column.sqlType };
};

/** A transform column for an inferred one, reading from `from` (its own path unless told). */
export const columnMappingOf = (column: InferredColumn, from = column.from): Plain => ({
  from,
  type: column.type,
  ...typeDetailOf(column),
  ...(column.nullable ? { nullable: true } : {}),
});

// InnoDB keys hold 3072 bytes, and utf8mb4 takes 4 a character: a varchar past 512 may not fit in a
// key beside another column.
const KEYABLE_VARCHAR = 512;

/** Whether a column can be part of a key: never null, not JSON or text, a varchar a key can hold. */
export const isKeyable = (column: InferredColumn): boolean => {
  if (column.nullable || column.type === 'json' || column.sqlType === 'text') return false;
  const varchar = /^varchar\((\d+)\)$/.exec(column.sqlType);
  return !varchar || Number(varchar[1]) <= KEYABLE_VARCHAR;
};
