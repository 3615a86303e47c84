import { FAR_FUTURE } from './dimension-spec.ts';
import type { VersionRow } from './read-versions.ts';

/** What one apply did to the dimension's rows, counted row by row (a key may count in several). */
export interface DimensionCounts {
  /** Rows inserted: a new version. */
  versionsOpened: number;
  /** Kept rows that now end earlier: closed by a newer version (or split by a back-dated one). */
  versionsClosed: number;
  /** Rows deleted: a late observation showed the version never existed (its surrogate key is gone). */
  versionsRemoved: number;
  /** Kept rows with new attribute values: type 1 changes, inferred members filled, reopened versions. */
  inPlaceUpdates: number;
  /** Of the in-place updates, inferred members that got their real values. */
  inferredFilled: number;
  /** Rows that now end with a deletion of the source row. */
  retired: number;
  /** Touched keys whose rows are exactly as they were, surrogate keys included. */
  unchanged: number;
}

const sameRow = (a: VersionRow, b: VersionRow) => JSON.stringify(a) === JSON.stringify(b);

const keysUnchanged = (before: VersionRow[], after: VersionRow[]): number => {
  const byKey = new Map<string, { before: VersionRow[]; after: VersionRow[] }>();
  for (const [side, rows] of [
    ['before', before],
    ['after', after],
  ] as const) {
    for (const row of rows) {
      const entry = byKey.get(row.key) ?? { before: [], after: [] };
      entry[side].push(row);
      byKey.set(row.key, entry);
    }
  }
  return [...byKey.values()].filter(
    (entry) =>
      entry.before.length === entry.after.length &&
      entry.before.every((row, i) => sameRow(row, entry.after[i] as VersionRow)),
  ).length;
};

/** Compares the touched keys' rows before and after the reconcile (both ordered by key and valid_from). */
export const countVersionChanges = (
  before: VersionRow[],
  after: VersionRow[],
  touchedKeys: number,
): DimensionCounts => {
  const old = new Map(before.map((row) => [row.sk, row]));
  const kept = new Set(after.map((row) => row.sk));
  const counts: DimensionCounts = {
    versionsOpened: 0,
    versionsClosed: 0,
    versionsRemoved: before.filter((row) => !kept.has(row.sk)).length,
    inPlaceUpdates: 0,
    inferredFilled: 0,
    retired: 0,
    unchanged: 0,
  };
  for (const row of after) {
    const previous = old.get(row.sk);
    if (row.isDeleted && !previous?.isDeleted) counts.retired += 1;
    if (!previous) {
      counts.versionsOpened += 1;
      continue;
    }
    const closed = row.validTo !== previous.validTo && row.validTo !== FAR_FUTURE && !row.isDeleted;
    if (closed) counts.versionsClosed += 1;
    const reopened = row.validTo !== previous.validTo && row.validTo === FAR_FUTURE;
    if (row.attributes !== previous.attributes || row.isInferred !== previous.isInferred || reopened)
      counts.inPlaceUpdates += 1;
    if (previous.isInferred && !row.isInferred) counts.inferredFilled += 1;
  }
  // Keys touched but without any row (only ever seen deleted) changed nothing either.
  const keysWithRows = new Set([...before, ...after].map((row) => row.key)).size;
  counts.unchanged = keysUnchanged(before, after) + (touchedKeys - keysWithRows);
  return counts;
};
