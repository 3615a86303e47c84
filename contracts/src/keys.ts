import type { RunId } from './names.ts';

export const KEY_AREAS = ['raw', 'processed', 'rejected'] as const;
export type KeyArea = (typeof KEY_AREAS)[number];

export interface PageAddress {
  pipeline: string;
  resource: string;
  runId: RunId;
  page: number;
}

// Zero-padded so that a listing of a run's prefix comes back in page order.
const pageFile = (page: number): string => `${String(page).padStart(6, '0')}.json`;

/** `raw/<pipeline>/<resource>/<runId>/<page>.json`, and the same layout under `processed/` and `rejected/`. */
export const stagingKey = (area: KeyArea, { pipeline, resource, runId, page }: PageAddress): string =>
  `${area}/${pipeline}/${resource}/${runId}/${pageFile(page)}`;

/**
 * Where a stage writes the pages of one run and resource that it handled together:
 * `raw/<pipeline>/<resource>/<runId>/000012+13+17.json`, the same under `processed/`. The name lists the
 * pages, so a listing of the run counts staged pages without reading the objects; one page alone is the
 * plain `000012.json` that stagingKey gives.
 */
export const stagedPagesKey = (
  area: KeyArea,
  { pipeline, resource, runId }: Omit<PageAddress, 'page'>,
  pages: readonly number[],
): string => {
  const [first, ...rest] = [...pages].sort((a, b) => a - b);
  if (first === undefined) throw new Error('a staged object holds at least one page');
  const name = pageFile(first).replace(/\.json$/, rest.map((page) => `+${page}`).join(''));
  return `${area}/${pipeline}/${resource}/${runId}/${name}.json`;
};

/**
 * The pages a staged key holds, by its name: `000012.json` is page 12, `000012+13.json` pages 12 and 13,
 * a snapshot's `000012.jsonl` page 12.
 */
export const pagesOfStagedKey = (key: string): number[] => {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(/\.jsonl?$/, '');
  return name
    .split('+')
    .map(Number)
    .filter((page) => Number.isInteger(page) && page > 0);
};

/** A table's snapshot of one run, from a database source: which table, as of which day, which run. */
export interface SnapshotAddress {
  pipeline: string;
  table: string;
  /** The run's upper bound's date in the source's zone, `YYYY-MM-DD`: snapshots list by day. */
  day: string;
  runId: RunId;
}

const snapshotPrefix = ({ pipeline, table, day, runId }: SnapshotAddress): string =>
  `snapshots/${pipeline}/${table}/${day}/${runId}/`;

/**
 * `snapshots/<pipeline>/<table>/<YYYY-MM-DD>/<runId>/000001.jsonl`: a page of a table as read, one row a
 * line; each page its own object (pages of a table are read one after the other, never together).
 */
export const snapshotPageKey = (snapshot: SnapshotAddress, page: number): string =>
  `${snapshotPrefix(snapshot)}${pageFile(page)}l`;

/**
 * `…/<runId>/changes/000001.jsonl`: what the page found changed against the base snapshot (the rows
 * inserted or updated, and the base's rows deleted, marked): the page the transformer reads when the
 * table is compared with an earlier snapshot. The page itself stays a plain snapshot page beside it.
 */
export const snapshotChangesKey = (snapshot: SnapshotAddress, page: number): string =>
  `${snapshotPrefix(snapshot)}changes/${pageFile(page)}l`;

/**
 * `…/<runId>/keys/000012.jsonl`: a page of a cursor capture's key scan, every primary key of the table
 * (numbered after the run's row pages), compared with the last complete run's to find deleted rows.
 */
export const snapshotKeysKey = (snapshot: SnapshotAddress, page: number): string =>
  `${snapshotPrefix(snapshot)}keys/${pageFile(page)}l`;

/** `snapshots/<pipeline>/<table>/`: a table's snapshots, one folder a day. */
export const snapshotTablePrefix = (pipeline: string, table: string): string =>
  `snapshots/${pipeline}/${table}/`;

/** `…/<runId>/manifest.json`: written at the last page, so its presence says the snapshot is whole. */
export const snapshotManifestKey = (snapshot: SnapshotAddress): string =>
  `${snapshotPrefix(snapshot)}manifest.json`;

export const runPrefix = (area: KeyArea, pipeline: string, resource: string, runId: RunId): string =>
  `${area}/${pipeline}/${resource}/${runId}/`;

/**
 * Pipeline state the loader publishes for the extractor, which cannot reach the warehouse (in AWS it runs
 * outside the database's VPC): the warehouse stays the truth, these are its copies.
 */
const STATE = 'state';

/** The incremental cursor's high-water mark of a resource: `state/<pipeline>/<resource>/cursor.json`. */
export const cursorStateKey = (pipeline: string, resource: string): string =>
  `${STATE}/${pipeline}/${resource}/cursor.json`;

/**
 * The content hash last loaded for each request (URL) of a resource, by the SHA-256 of the URL:
 * `state/<pipeline>/<resource>/pages.json`, published when a run has every page of the resource.
 */
export const pageStatesKey = (pipeline: string, resource: string): string =>
  `${STATE}/${pipeline}/${resource}/pages.json`;

/** The marker `sluice run cancel` writes, which every stage reads (see runtime's createCancelledRuns). */
export const cancelledRunKey = (runId: string): string => `control/cancelled/${runId}.json`;
