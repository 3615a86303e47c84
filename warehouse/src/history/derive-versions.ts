import { type SQL, sql } from 'drizzle-orm';
import { type Dimension, FAR_FUTURE } from './dimension-spec.ts';
import { columnList, columnsMatch, qualified } from './identifiers.ts';
import { type Key, keyIn } from './key-list.ts';

/** The columns of a derived version, in this order. */
export const versionColumns = (dimension: Dimension): string[] => [
  ...dimension.keyColumns,
  'valid_from',
  'valid_to',
  'is_deleted',
  'row_hash',
  ...dimension.attributeColumns,
];

const partition = (alias: string, dimension: Dimension, direction: 'asc' | 'desc' = 'asc'): SQL =>
  sql`over (partition by ${columnList(dimension.keyColumns, alias)} order by ${qualified(alias, 'observed_at')} ${sql.raw(direction)})`;

/**
 * The change points of the keys: observations whose state (deleted, or the hash of the tracked values)
 * differs from the one before, once the key has been seen alive. A deletion of a key never seen alive
 * opens nothing, so it is dropped with the rest of the leading deletions.
 */
const changePoints = (dimension: Dimension, keys: Key[]): SQL => {
  const tracked = dimension.tracked.map(([name]) => name);
  const observed = sql`select ${columnList([...dimension.keyColumns, 'observed_at', 'is_deleted', 'row_hash', ...tracked], 'c')},
      if(c.is_deleted, 'deleted', c.row_hash) as state,
      max(1 - c.is_deleted) ${partition('c', dimension)} as seen_alive
    from ${sql.identifier(dimension.changes)} c where ${keyIn('c', dimension.keyColumns, keys)}`;
  const withPrevious = sql`select s.*, lag(s.state) ${partition('s', dimension)} as previous_state
    from (${observed}) s where s.seen_alive = 1`;
  return sql`select p.* from (${withPrevious}) p where p.previous_state is null or p.previous_state <> p.state`;
};

/**
 * Versions from change points: each live point opens one, valid until the next point (closed by a new
 * version, or retired by a deletion), the first from the low date.
 */
const versions = (dimension: Dimension, keys: Key[]): SQL => {
  const tracked = dimension.tracked.map(([name]) => name);
  return sql`select ${columnList(dimension.keyColumns, 'p')},
      if(row_number() ${partition('p', dimension)} = 1, cast(${dimension.lowDate} as datetime(6)), p.observed_at) as valid_from,
      coalesce(lead(p.observed_at) ${partition('p', dimension)}, cast(${FAR_FUTURE} as datetime(6))) as valid_to,
      coalesce(lead(p.is_deleted) ${partition('p', dimension)}, 0) as is_deleted,
      p.is_deleted as is_gone,
      ${columnList(['row_hash', ...tracked], 'p')}
    from (${changePoints(dimension, keys)}) p`;
};

/** Type 1 values: the newest live observation's, whatever order the observations arrived in. */
const newestOverwrites = (dimension: Dimension, keys: Key[]): SQL => {
  const columns = [...dimension.keyColumns, ...dimension.overwrite.map(([name]) => name)];
  return sql`select ${columnList(columns, 'c')}, row_number() ${partition('c', dimension, 'desc')} as newest
    from ${sql.identifier(dimension.changes)} c
    where c.is_deleted = 0 and ${keyIn('c', dimension.keyColumns, keys)}`;
};

/**
 * Every version the keys should have, recomputed from their whole change history: a function of the
 * change table alone, which is why the order batches arrive in cannot change the result.
 */
export const derivedVersionsQuery = (dimension: Dimension, keys: Key[]): SQL => {
  const fromVersions = [...dimension.keyColumns, 'valid_from', 'valid_to', 'is_deleted', 'row_hash'];
  const tracked = dimension.tracked.map(([name]) => name);
  const overwrite = dimension.overwrite.map(([name]) => name);
  const selected = sql.join(
    [
      columnList([...fromVersions, ...tracked], 'v'),
      ...(overwrite.length > 0 ? [columnList(overwrite, 'l')] : []),
    ],
    sql`, `,
  );
  const join =
    overwrite.length > 0
      ? sql` join (${newestOverwrites(dimension, keys)}) l on ${columnsMatch('v', 'l', dimension.keyColumns)} and l.newest = 1`
      : sql``;
  return sql`select ${selected} from (${versions(dimension, keys)}) v${join} where v.is_gone = 0`;
};
