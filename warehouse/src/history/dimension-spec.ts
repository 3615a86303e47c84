import type { DeclarableType } from '../tables/column-type.ts';
import { canonicalDatetime, parsedTypes } from './canonical-value.ts';
import { assertIdentifier } from './identifiers.ts';

/** A type 2 dimension as a pipeline would declare it; types are the pipeline's SQL types. */
export interface DimensionSpec {
  /** The table; the surrogate key is `<table>_sk`, the observations live in `<table>__changes`. */
  table: string;
  /** Column → type of the source's key. */
  naturalKey: Record<string, string>;
  /** Type 2 columns: a change opens a new version. */
  tracked: Record<string, string>;
  /** Type 1 columns: a change rewrites every version of the key with the newest observed value. */
  overwrite?: Record<string, string>;
  /** Where the first version of a key starts, so facts older than the first observation find it. */
  lowDate?: string;
}

/** The current version's valid_to: a real date, so UNIQUE (natural key, valid_to) allows one current row. */
export const FAR_FUTURE = '9999-12-31 00:00:00.000000';
/**
 * valid_to values between this and FAR_FUTURE never describe a version: the reconcile parks rows there
 * (one distinct instant per surrogate key) so rewriting validity never trips the unique index midway.
 */
export const PARKING_FROM = '9000-01-01 00:00:00.000000';
export const DEFAULT_LOW_DATE = '1900-01-01 00:00:00.000000';

const SYSTEM_COLUMNS = ['valid_from', 'valid_to', 'is_current', 'is_deleted', 'is_inferred', 'row_hash'];
const CHANGE_COLUMNS = ['observed_at', 'content_hash'];

export interface Dimension {
  table: string;
  changes: string;
  surrogateKey: string;
  naturalKey: [string, DeclarableType][];
  tracked: [string, DeclarableType][];
  overwrite: [string, DeclarableType][];
  lowDate: string;
  keyColumns: string[];
  /** Tracked then overwrite columns: what a version carries besides its key and validity. */
  attributeColumns: string[];
}

const assertDistinct = (table: string, columns: string[]) => {
  const seen = new Set<string>();
  for (const column of columns) {
    const lower = column.toLowerCase();
    if (seen.has(lower)) throw new Error(`${table}: column ${column} is declared twice`);
    seen.add(lower);
  }
};

/** Checks a spec once and names everything derived from it. */
export const dimensionOf = (spec: DimensionSpec): Dimension => {
  // `__changes` must still fit in 64 characters.
  const table = assertIdentifier(spec.table, 'dimension table');
  if (table.length > 55) throw new Error(`dimension table '${table}' is longer than 55 characters`);
  const naturalKey = parsedTypes(spec.naturalKey);
  const tracked = parsedTypes(spec.tracked);
  const overwrite = parsedTypes(spec.overwrite ?? {});
  if (naturalKey.length === 0) throw new Error(`${table}: a dimension needs a natural key`);
  const keyColumns = naturalKey.map(([name]) => name);
  const attributeColumns = [...tracked, ...overwrite].map(([name]) => name);
  const surrogateKey = `${table}_sk`;
  const all = [...keyColumns, ...attributeColumns];
  for (const column of all) assertIdentifier(column, `${table} column`);
  assertDistinct(table, [...all, ...SYSTEM_COLUMNS, ...CHANGE_COLUMNS, surrogateKey]);
  const lowDate = canonicalDatetime(spec.lowDate ?? DEFAULT_LOW_DATE);
  if (lowDate >= PARKING_FROM) throw new Error(`${table}: lowDate ${lowDate} is not before ${PARKING_FROM}`);
  return {
    table,
    changes: `${table}__changes`,
    surrogateKey,
    naturalKey,
    tracked,
    overwrite,
    lowDate,
    keyColumns,
    attributeColumns,
  };
};
