import { sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import { canonicalValue } from './canonical-value.ts';
import type { Dimension } from './dimension-spec.ts';
import { columnList } from './identifiers.ts';
import { type Key, keyIn } from './key-list.ts';
import { rowsOf } from './query-rows.ts';

/** A dimension row as the counts compare it: values canonical, so a read compares with a write. */
export interface VersionRow {
  sk: number;
  /** JSON of the canonical natural key. */
  key: string;
  validFrom: string;
  validTo: string;
  isDeleted: boolean;
  isInferred: boolean;
  rowHash: string | null;
  /** JSON of the canonical tracked and overwrite values. */
  attributes: string;
}

/**
 * The keys' rows, ordered. `lock` takes their row locks before the reconcile rewrites them, so two
 * loads of the same keys queue instead of interleaving (and a deadlock is retried by the caller).
 */
export const readVersions = async (
  tx: Executor,
  dimension: Dimension,
  keys: Key[],
  lock: boolean,
): Promise<VersionRow[]> => {
  const columns = [
    dimension.surrogateKey,
    ...dimension.keyColumns,
    'valid_from',
    'valid_to',
    'is_deleted',
    'is_inferred',
    'row_hash',
    ...dimension.attributeColumns,
  ];
  const rows = await rowsOf<Record<string, unknown>>(
    tx,
    sql`select ${columnList(columns)} from ${sql.identifier(dimension.table)}
      where ${keyIn(undefined, dimension.keyColumns, keys)}
      order by ${columnList(dimension.keyColumns)}, valid_from${lock ? sql` for update` : sql``}`,
  );
  return rows.map((row) => ({
    sk: Number(row[dimension.surrogateKey]),
    key: JSON.stringify(dimension.naturalKey.map(([name, type]) => canonicalValue(row[name], type))),
    validFrom: String(row.valid_from),
    validTo: String(row.valid_to),
    isDeleted: Number(row.is_deleted) === 1,
    isInferred: Number(row.is_inferred) === 1,
    rowHash: (row.row_hash as string | null) ?? null,
    attributes: JSON.stringify(
      [...dimension.tracked, ...dimension.overwrite].map(([name, type]) => canonicalValue(row[name], type)),
    ),
  }));
};
