import { type SQL, sql } from 'drizzle-orm';
import type { CanonicalValue } from './canonical-value.ts';
import { qualified } from './identifiers.ts';

export type Key = CanonicalValue[];

// 500 keys of a few columns, used twice in the recompute, stay far below the 65,535 placeholders a
// statement may carry, as UPSERT_CHUNK_SIZE does for rows.
export const KEY_CHUNK_SIZE = 500;

/** The distinct keys, in first-seen order. */
export const distinctKeys = (keys: Key[]): Key[] => [
  ...new Map(keys.map((key) => [JSON.stringify(key), key])).values(),
];

export const chunksOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

/** `(a.k1, a.k2) in ((?, ?), (?, ?))`; MariaDB reads a one-column row as the plain value. */
export const keyIn = (alias: string | undefined, columns: readonly string[], keys: Key[]): SQL => {
  if (keys.length === 0) throw new Error('keyIn needs at least one key');
  const left = sql.join(
    columns.map((column) => (alias ? qualified(alias, column) : sql.identifier(column))),
    sql`, `,
  );
  const rows = keys.map(
    (key) =>
      sql`(${sql.join(
        key.map((value) => sql`${value}`),
        sql`, `,
      )})`,
  );
  return sql`(${left}) in (${sql.join(rows, sql`, `)})`;
};
