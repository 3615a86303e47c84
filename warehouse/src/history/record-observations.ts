import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import {
  type CanonicalValue,
  canonicalColumns,
  canonicalDatetime,
  HistoryValueError,
} from './canonical-value.ts';
import { type Dimension, PARKING_FROM } from './dimension-spec.ts';
import { columnList } from './identifiers.ts';
import { chunksOf, type Key } from './key-list.ts';
import { rowHash } from './row-hash.ts';

/** One sighting of a source row: its values at `observedAt`, or that it was gone by then. */
export interface Observation {
  row: Record<string, unknown>;
  /** 'YYYY-MM-DD HH:MM:SS[.ffffff]', in the same zone as the facts' event times. */
  observedAt: string;
  deleted?: boolean;
}

/** An observation as the change table stores it. */
export interface ChangeRow {
  key: Key;
  observedAt: string;
  deleted: boolean;
  /** Hash of the tracked values: what decides whether a new version starts. Null for a deletion. */
  rowHash: string | null;
  /** Hash of everything observed: decides between two different observations of one key at one instant. */
  contentHash: string;
  attributes: CanonicalValue[];
}

export const changeRowOf = (dimension: Dimension, observation: Observation): ChangeRow => {
  const where = `${dimension.table} observation`;
  const key = canonicalColumns(observation.row, dimension.naturalKey, where);
  if (key.some((value) => value === null))
    throw new HistoryValueError(`${where}: the natural key has a null`);
  const observedAt = canonicalDatetime(observation.observedAt);
  if (observedAt <= dimension.lowDate || observedAt >= PARKING_FROM) {
    throw new HistoryValueError(
      `${where} ${JSON.stringify(key)}: observedAt ${observedAt} is outside (${dimension.lowDate}, ${PARKING_FROM})`,
    );
  }
  // A deletion keeps only the key: whatever else the source sent about a gone row is not a version.
  if (observation.deleted) {
    const attributes = dimension.attributeColumns.map(() => null);
    return { key, observedAt, deleted: true, rowHash: null, contentHash: rowHash(['deleted']), attributes };
  }
  const tracked = canonicalColumns(observation.row, dimension.tracked, where);
  const overwrite = canonicalColumns(observation.row, dimension.overwrite, where);
  const attributes = [...tracked, ...overwrite];
  return {
    key,
    observedAt,
    deleted: false,
    rowHash: rowHash(tracked),
    contentHash: rowHash(attributes),
    attributes,
  };
};

const valuesOf = (row: ChangeRow): SQL =>
  sql`(${sql.join(
    [...row.key, row.observedAt, row.deleted ? 1 : 0, row.rowHash, row.contentHash, ...row.attributes].map(
      (value) => sql`${value}`,
    ),
    sql`, `,
  )})`;

/**
 * Replays change nothing (same key, same instant, same content). Two different observations of one key at
 * one instant would make "first one wins" depend on arrival order, so the greater content hash wins
 * whichever came first. MariaDB assigns left to right, so content_hash must be assigned last.
 */
export const recordChangesStatement = (dimension: Dimension, rows: ChangeRow[]): SQL => {
  const columns = [
    ...dimension.keyColumns,
    'observed_at',
    'is_deleted',
    'row_hash',
    'content_hash',
    ...dimension.attributeColumns,
  ];
  const wins = sql`values(content_hash) > content_hash`;
  const updates = ['is_deleted', 'row_hash', ...dimension.attributeColumns].map(
    (column) =>
      sql`${sql.identifier(column)} = if(${wins}, values(${sql.identifier(column)}), ${sql.identifier(column)})`,
  );
  updates.push(sql`content_hash = greatest(content_hash, values(content_hash))`);
  return sql`insert into ${sql.identifier(dimension.changes)} (${columnList(columns)}) values ${sql.join(rows.map(valuesOf), sql`, `)} on duplicate key update ${sql.join(updates, sql`, `)}`;
};

export const recordChanges = async (tx: Executor, dimension: Dimension, rows: ChangeRow[]): Promise<void> => {
  // 500 rows as in upsertRows: well inside the placeholder and packet limits.
  for (const chunk of chunksOf(rows, 500)) await tx.execute(recordChangesStatement(dimension, chunk));
};
