import type { CeilingFigures } from '../ceiling/measure-ceiling.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import { median } from '../stats.ts';
import type { FetchedPages } from './fetch-every-page.ts';
import { measureSourceFetch } from './measure-source-fetch.ts';

/** One size's floor: fetching every page, plus writing every row at plain mysql2's best. */
export interface FloorAtSize {
  /** Each fetch pass; `fetchSeconds` is their median. */
  fetches: FetchedPages[];
  fetchSeconds: number;
  rows: number;
  writeSeconds: number;
  /** Whether the write time was timed at this size (N: the ceiling's best pass) or scaled from N's rate (4N). */
  writeTimed: boolean;
  seconds: number;
}

export interface FloorFigures {
  /** Pages fetched at once: the extractor's, for this pipeline, as the bench's services run it. */
  concurrency: number;
  batchSize: number;
  n: FloorAtSize;
  scaled: FloorAtSize;
}

/**
 * What no ETL can beat on this machine: reading the source (fetched at the extractor's concurrency) plus
 * writing its rows (plain mysql2 at its best batch size). The write is the ceiling's: its best rate is the
 * median pass over exactly these rows at N, so rows over rate is that pass's time; at 4N the ceiling is
 * not run (a four times bigger write for one figure), and N's rate is assumed to hold.
 */
export const floorOf = (
  measured: { concurrency: number; n: FetchedPages[]; scaled: FetchedPages[] },
  ceiling: CeilingFigures,
  scaledRows: number,
): FloorFigures => {
  const atSize = (fetches: FetchedPages[], rows: number, writeTimed: boolean): FloorAtSize => {
    const fetchSeconds = median(fetches.map((fetched) => fetched.seconds));
    const writeSeconds = rows / ceiling.bestRowsPerSecond;
    return { fetches, fetchSeconds, rows, writeSeconds, writeTimed, seconds: fetchSeconds + writeSeconds };
  };
  return {
    concurrency: measured.concurrency,
    batchSize: ceiling.bestBatchSize,
    n: atSize(measured.n, ceiling.rows, true),
    scaled: atSize(measured.scaled, scaledRows, false),
  };
};

const rowsOf = ({ size, links }: SyntheticSource) => size.characters + size.locations + size.episodes + links;

/** The floor at N (`runs` fetches) and at 4N (`scaleRuns`), once the ceiling has found the best write. */
export const measureFloor = async (
  sources: { n: SyntheticSource; scaled: SyntheticSource },
  ceiling: CeilingFigures,
  options: { concurrency: number; runs: number; scaleRuns: number; say: (line: string) => void },
): Promise<FloorFigures> => {
  const fetchAll = async (source: SyntheticSource, runs: number) => {
    const fetches: FetchedPages[] = [];
    for (let run = 0; run < runs; run += 1) {
      const fetched = await measureSourceFetch(source, options.concurrency);
      options.say(`floor: ${fetched.pages} pages fetched in ${fetched.seconds.toFixed(2)} s`);
      fetches.push(fetched);
    }
    return fetches;
  };
  const n = await fetchAll(sources.n, options.runs);
  const scaled = await fetchAll(sources.scaled, options.scaleRuns);
  return floorOf({ concurrency: options.concurrency, n, scaled }, ceiling, rowsOf(sources.scaled));
};
