import { deletedRecordLine } from '@sluice/contracts';

export type KeyValue = string | number;

/** How a key column orders: as a number (INT, BIGINT and DECIMAL keys arrive as text too) or as text. */
export type KeyKind = 'number' | 'text';

/** A row of a snapshot as staged: its primary key, and its line of JSON exactly as written. */
export interface SnapshotLine {
  key: KeyValue[];
  line: string;
}

export interface RangeChanges {
  /** The lines the transformer gets: inserted and updated rows, then each deleted row marked. */
  lines: string[];
  inserted: number;
  updated: number;
  deleted: number;
}

const INTEGER = /^-?\d+$/;

const compareNumbers = (a: KeyValue, b: KeyValue): number => {
  const [x, y] = [String(a), String(b)];
  if (INTEGER.test(x) && INTEGER.test(y)) {
    const [bigX, bigY] = [BigInt(x), BigInt(y)];
    return bigX < bigY ? -1 : bigX > bigY ? 1 : 0;
  }
  return Math.sign(Number(x) - Number(y));
};

/** Orders primary keys column by column, each as its kind. */
export const keyComparator =
  (kinds: readonly KeyKind[]) =>
  (a: readonly KeyValue[], b: readonly KeyValue[]): number => {
    for (const [index, kind] of kinds.entries()) {
      const [x, y] = [a[index] ?? '', b[index] ?? ''];
      const order =
        kind === 'number' ? compareNumbers(x, y) : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      if (order !== 0) return order;
    }
    return 0;
  };

export type KeyComparator = ReturnType<typeof keyComparator>;

/**
 * Thrown when a snapshot's keys are not in the order the comparison expects: the server orders a text key
 * by its collation, which may not be the order of its characters. Comparing would then report rows as
 * deleted and inserted that are neither, so the page fails instead.
 */
export class KeyOrderError extends Error {
  override name = 'KeyOrderError';
}

const checkAscending = (lines: readonly SnapshotLine[], compare: KeyComparator, what: string) => {
  for (let index = 1; index < lines.length; index += 1) {
    const [before, after] = [lines[index - 1] as SnapshotLine, lines[index] as SnapshotLine];
    if (compare(before.key, after.key) >= 0) {
      throw new KeyOrderError(
        `${what} has key ${JSON.stringify(after.key)} after ${JSON.stringify(before.key)}: the server orders the primary key differently from a byte-wise comparison (a text key in a case-insensitive collation?); compare such a table by a numeric key, or use capture: full`,
      );
    }
  }
};

/**
 * What changed in one key range between the base snapshot and this one, both in primary-key order: a key
 * only here is inserted, a key only in the base deleted, a key in both with a different line updated (the
 * whole row is compared, so a change is seen whatever columns it touched). A merge of two sorted lists, so
 * the cost is the size of the range and nothing is held beyond it. `keepUnchanged` (a `full` capture)
 * passes on every row of this snapshot, with the deletions after them.
 */
export const diffRange = (
  current: readonly SnapshotLine[],
  base: readonly SnapshotLine[],
  compare: KeyComparator,
  { keepUnchanged = false }: { keepUnchanged?: boolean } = {},
): RangeChanges => {
  checkAscending(current, compare, 'the page');
  checkAscending(base, compare, 'the base snapshot');
  const changes: RangeChanges = { lines: [], inserted: 0, updated: 0, deleted: 0 };
  const deletions: string[] = [];
  let [i, j] = [0, 0];
  while (i < current.length || j < base.length) {
    const [now, then] = [current[i], base[j]];
    const order = now && then ? compare(now.key, then.key) : now ? -1 : 1;
    if (order < 0 && now) {
      changes.lines.push(now.line);
      changes.inserted += 1;
      i += 1;
    } else if (order > 0 && then) {
      deletions.push(deletedRecordLine(then.line));
      changes.deleted += 1;
      j += 1;
    } else if (now && then) {
      if (now.line !== then.line) changes.updated += 1;
      if (now.line !== then.line || keepUnchanged) changes.lines.push(now.line);
      i += 1;
      j += 1;
    }
  }
  changes.lines.push(...deletions);
  return changes;
};
