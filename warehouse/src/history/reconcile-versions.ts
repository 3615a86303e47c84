import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import { derivedVersionsQuery, versionColumns } from './derive-versions.ts';
import { type Dimension, FAR_FUTURE, PARKING_FROM } from './dimension-spec.ts';
import { columnList, columnsMatch, qualified } from './identifiers.ts';
import { type Key, keyIn } from './key-list.ts';

const far = sql`cast(${FAR_FUTURE} as datetime(6))`;
const parking = sql`cast(${PARKING_FROM} as datetime(6))`;

/**
 * Moves every row of the keys to a valid_to of its own between PARKING_FROM and FAR_FUTURE (one
 * microsecond per surrogate key). InnoDB checks unique keys row by row, not at the end of a statement:
 * without this, giving version 2 the valid_to version 1 still has would fail halfway.
 */
export const parkStatement = (dimension: Dimension, keys: Key[]): SQL =>
  sql`update ${sql.identifier(dimension.table)} d
    set d.valid_to = ${parking} + interval ${qualified('d', dimension.surrogateKey)} microsecond
    where ${keyIn('d', dimension.keyColumns, keys)}`;

/**
 * Deletes versions the history no longer has (a late observation merged or moved them). Inferred members
 * stay: facts point at them, and the first real version (which starts at the low date too) fills them.
 */
export const deleteObsoleteStatement = (dimension: Dimension, keys: Key[]): SQL =>
  sql`delete d from ${sql.identifier(dimension.table)} d
    left join (${derivedVersionsQuery(dimension, keys)}) v
      on ${columnsMatch('d', 'v', dimension.keyColumns)} and v.valid_from = d.valid_from
    where ${keyIn('d', dimension.keyColumns, keys)} and v.valid_from is null and d.is_inferred = 0`;

/**
 * Writes every derived version by (natural key, valid_from): one that exists keeps its row and so its
 * surrogate key, only its validity and values are rewritten; an inferred member becomes a real version.
 */
export const upsertVersionsStatement = (dimension: Dimension, keys: Key[]): SQL => {
  const columns = versionColumns(dimension);
  const updates = columns
    .filter((column) => !dimension.keyColumns.includes(column) && column !== 'valid_from')
    .map((column) => sql`${sql.identifier(column)} = values(${sql.identifier(column)})`);
  return sql`insert into ${sql.identifier(dimension.table)} (${columnList(columns)}, is_inferred)
    select ${columnList(columns, 'v')}, 0 from (${derivedVersionsQuery(dimension, keys)}) v
    on duplicate key update ${sql.join(updates, sql`, `)}, is_inferred = 0`;
};

/** Inferred members with no real version yet were parked too: they are current again. */
export const unparkStatement = (dimension: Dimension, keys: Key[]): SQL =>
  sql`update ${sql.identifier(dimension.table)} d set d.valid_to = ${far}
    where ${keyIn('d', dimension.keyColumns, keys)} and d.valid_to >= ${parking} and d.valid_to < ${far}`;

/** Makes the keys' rows equal their derived versions, in four set-based statements. */
export const reconcileVersions = async (tx: Executor, dimension: Dimension, keys: Key[]): Promise<void> => {
  await tx.execute(parkStatement(dimension, keys));
  await tx.execute(deleteObsoleteStatement(dimension, keys));
  await tx.execute(upsertVersionsStatement(dimension, keys));
  await tx.execute(unparkStatement(dimension, keys));
};
