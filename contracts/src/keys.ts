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

/** The pages a staged key holds, by its name: `000012.json` is page 12, `000012+13.json` pages 12 and 13. */
export const pagesOfStagedKey = (key: string): number[] => {
  const name = key.slice(key.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return name
    .split('+')
    .map(Number)
    .filter((page) => Number.isInteger(page) && page > 0);
};

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
