import type { SqlBaseType } from './sql-type.ts';
import type { ValueType } from './transform.ts';

/** The column types each value type can be loaded into without loss or a failed insert. */
export const FITTING_COLUMN_TYPES: Record<ValueType, readonly SqlBaseType[]> = {
  string: ['varchar', 'text'],
  int: ['int', 'bigint', 'decimal'],
  decimal: ['decimal'],
  boolean: ['boolean'],
  date: ['date'],
  datetime: ['datetime'],
  id_from_url: ['int', 'bigint'],
  json: ['json', 'text'],
};

/**
 * The column a value gets when its destination table lists no columns, chosen to hold what the type
 * usually carries. The transformer checks every value against its column (length, range, scale) and
 * rejects the record rather than truncate or round, so a default too small shows as rejections naming the
 * column, never as wrong data; `length` or `sql` on the transform column then says more.
 */
export const DEFAULT_COLUMN_TYPES: Record<ValueType, string> = {
  // Names, titles, codes and URLs; a longer text declares `length`, or `sql: text`.
  string: 'varchar(255)',
  // Ids and counts up to 2,147,483,647; beyond that, `sql: bigint`.
  int: 'int',
  // 20 integer digits and 18 decimals (Spark's system default): prices, rates and token amounts alike.
  decimal: 'decimal(38,18)',
  boolean: 'boolean',
  date: 'date',
  // The transformer keeps milliseconds.
  datetime: 'datetime(3)',
  id_from_url: 'int',
  json: 'json',
};
