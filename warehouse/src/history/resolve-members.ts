import { sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import { canonicalValue } from './canonical-value.ts';
import { type Dimension, FAR_FUTURE } from './dimension-spec.ts';
import { columnList } from './identifiers.ts';
import { chunksOf, KEY_CHUNK_SIZE, type Key, keyIn } from './key-list.ts';
import { affectedRowsOf, rowsOf } from './query-rows.ts';

/** The keys with no row at all in the dimension (as JSON of the canonical key). */
export const findMissingMembers = async (
  tx: Executor,
  dimension: Dimension,
  keys: Key[],
): Promise<Set<string>> => {
  const missing = new Set(keys.map((key) => JSON.stringify(key)));
  for (const chunk of chunksOf(keys, KEY_CHUNK_SIZE)) {
    const present = await rowsOf<Record<string, unknown>>(
      tx,
      sql`select distinct ${columnList(dimension.keyColumns)} from ${sql.identifier(dimension.table)}
        where ${keyIn(undefined, dimension.keyColumns, chunk)}`,
    );
    for (const row of present) {
      missing.delete(
        JSON.stringify(dimension.naturalKey.map(([name, type]) => canonicalValue(row[name], type))),
      );
    }
  }
  return missing;
};

/**
 * An inferred member per key: the natural key only, valid from the low date for ever, so every fact of
 * the key finds it. The dimension's first real version starts at the low date too and so fills this row
 * in place: the facts' surrogate key stays. `insert ignore`: a concurrent load may have added the key.
 */
export const inferMembers = async (tx: Executor, dimension: Dimension, keys: Key[]): Promise<number> => {
  let inserted = 0;
  for (const chunk of chunksOf(keys, KEY_CHUNK_SIZE)) {
    const rows = chunk.map(
      (key) =>
        sql`(${sql.join(
          [...key, dimension.lowDate, FAR_FUTURE].map((value) => sql`${value}`),
          sql`, `,
        )}, 1)`,
    );
    inserted += await affectedRowsOf(
      tx,
      sql`insert ignore into ${sql.identifier(dimension.table)} (${columnList([...dimension.keyColumns, 'valid_from', 'valid_to', 'is_inferred'])})
        values ${sql.join(rows, sql`, `)}`,
    );
  }
  return inserted;
};
