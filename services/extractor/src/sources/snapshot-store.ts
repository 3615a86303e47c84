import type { S3Client } from '@aws-sdk/client-s3';
import {
  type SnapshotAddress,
  type SnapshotBase,
  snapshotKeysKey,
  snapshotManifestKey,
  snapshotPageKey,
  snapshotTablePrefix,
} from '@sluice/contracts';
import {
  deleteObjectKeys,
  getStagedObject,
  listFolderNames,
  listObjectKeys,
  readStateObject,
} from '@sluice/runtime';
import type { KeyComparator, KeyValue, SnapshotLine } from './snapshot-diff.ts';

/** Where the comparison with a base snapshot stands: its page and line, both from 1. */
export interface BasePosition {
  page: number;
  line: number;
}

export interface BaseRange {
  lines: SnapshotLine[];
  /** Where the next page's comparison starts; past the last page once the base is read to its end. */
  next: BasePosition;
}

/** The table's snapshots in S3, as the mysql source compares and expires them. */
export interface SnapshotStore {
  /**
   * The complete snapshot a run with upper bound `upper` staged, or with `of: 'keys'` its key scan; null
   * when there is none (expired, or that run scanned no keys).
   */
  findBase(pipeline: string, table: string, upper: string, of?: SnapshotKind): Promise<SnapshotBase | null>;
  /**
   * The base's rows from `from` up to and including the key `through` (to its end when null), in order:
   * one staged page in memory at a time.
   */
  readRange(
    address: { pipeline: string; table: string; base: SnapshotBase; of?: SnapshotKind },
    from: BasePosition,
    through: readonly KeyValue[] | null,
    keyOf: (row: Record<string, unknown>) => KeyValue[],
    compare: KeyComparator,
  ): Promise<BaseRange>;
  /** Deletes the days before `before` (`YYYY-MM-DD`) but those in `keep`; returns the days deleted. */
  expireDays(pipeline: string, table: string, before: string, keep: readonly string[]): Promise<string[]>;
}

/** A snapshot's rows, or a cursor capture's key scan (`keys/`, pages numbered from 1). */
export type SnapshotKind = 'rows' | 'keys';

interface ManifestHead {
  runId?: string;
  upperBound?: string;
  pages?: number;
  keyScan?: { pages?: number } | null;
}

export const createSnapshotStore = (s3: S3Client, bucket: string): SnapshotStore => {
  // The base page last read: consecutive pages of a run usually compare with the same base page.
  let held: { key: string; lines: string[] } | null = null;
  const linesOf = async (key: string): Promise<string[]> => {
    if (held?.key !== key) {
      const { body } = await getStagedObject(s3, bucket, key);
      held = { key, lines: body.split('\n').filter((line) => line !== '') };
    }
    return held.lines;
  };

  return {
    findBase: async (pipeline, table, upper, of = 'rows') => {
      const day = upper.slice(0, 10);
      const prefix = `${snapshotTablePrefix(pipeline, table)}${day}/`;
      for (const runId of await listFolderNames(s3, bucket, prefix)) {
        const address: SnapshotAddress = { pipeline, table, day, runId };
        const manifest = await readStateObject<ManifestHead>(s3, bucket, snapshotManifestKey(address));
        if (manifest?.upperBound !== upper) continue;
        const pages = of === 'keys' ? manifest.keyScan?.pages : manifest.pages;
        return typeof pages === 'number' ? { day, runId, pages } : null;
      }
      return null;
    },

    readRange: async ({ pipeline, table, base, of = 'rows' }, from, through, keyOf, compare) => {
      const address: SnapshotAddress = { pipeline, table, day: base.day, runId: base.runId };
      const keyOfPage = of === 'keys' ? snapshotKeysKey : snapshotPageKey;
      const lines: SnapshotLine[] = [];
      let { page, line } = from;
      while (page <= base.pages) {
        const held = await linesOf(keyOfPage(address, page));
        for (; line <= held.length; line += 1) {
          const text = held[line - 1] as string;
          const key = keyOf(JSON.parse(text) as Record<string, unknown>);
          if (through !== null && compare(key, through) > 0) return { lines, next: { page, line } };
          lines.push({ key, line: text });
        }
        page += 1;
        line = 1;
      }
      return { lines, next: { page, line } };
    },

    expireDays: async (pipeline, table, before, keep) => {
      const prefix = snapshotTablePrefix(pipeline, table);
      const days = (await listFolderNames(s3, bucket, prefix)).filter(
        (day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && day < before && !keep.includes(day),
      );
      for (const day of days) {
        await deleteObjectKeys(s3, bucket, await listObjectKeys(s3, bucket, `${prefix}${day}/`));
      }
      return days;
    },
  };
};
