import { type WarehouseDb, warehouseSchema } from '@sluice/warehouse';

const { sluiceRunFailures, sluiceRunPages, sluiceRuns } = warehouseSchema;

export interface SeededLedger {
  /** The run of many pages whose page is measured. */
  runId: string;
  pages: number;
  /** Runs in all, the large one among them: what the runs list pages through. */
  runs: number;
}

// Rows a statement: MariaDB takes a 10,000-row insert in one go, but a few hundred keep each small.
const CHUNK = 500;

const runIdAt = (index: number) =>
  `20261201T${String(100000 + index).slice(-6)}Z-${(0xa00000 + index).toString(16)}`;

const timeAt = (index: number, seconds = 0) =>
  new Date(Date.UTC(2026, 11, 1) + index * 60_000 + seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace('Z', '');

/**
 * The run ledger as a long history leaves it: `runs` small runs, then one run of `pages` pages over
 * three resources (loaded, some skipped, a few dead-lettered with their reasons), as the loader writes
 * them. Only the ledger tables: the console reads nothing else to draw a run's page.
 */
export const seedRunLedger = async (
  db: WarehouseDb,
  options: { pages: number; runs: number },
): Promise<SeededLedger> => {
  const resources = ['character', 'location', 'episode'];
  const perResource = Math.ceil(options.pages / resources.length);
  const history = Array.from({ length: options.runs - 1 }, (_, index) => ({
    runId: runIdAt(index),
    pipeline: 'rickandmorty',
    requestedAt: timeAt(index),
    finishedAt: timeAt(index, 4),
    status: 'succeeded',
    resources: resources.join(','),
  }));
  const runId = runIdAt(options.runs - 1);
  for (let start = 0; start < history.length; start += CHUNK)
    await db.insert(sluiceRuns).values(history.slice(start, start + CHUNK));
  await db.insert(sluiceRuns).values({
    runId,
    pipeline: 'rickandmorty',
    requestedAt: timeAt(options.runs - 1),
    finishedAt: timeAt(options.runs - 1, 600),
    status: 'failed',
    resources: resources.join(','),
  });
  const pages = resources
    .flatMap((resource) => Array.from({ length: perResource }, (_, index) => ({ resource, page: index + 1 })))
    .slice(0, options.pages);
  // One page in a thousand dead-lettered, never loaded: the run failed, as a long run may.
  const failed = pages.filter((_, index) => index % 1000 === 999);
  const loaded = pages.filter((_, index) => index % 1000 !== 999);
  for (let start = 0; start < loaded.length; start += CHUNK) {
    await db.insert(sluiceRunPages).values(
      loaded.slice(start, start + CHUNK).map(({ resource, page }) => ({
        runId,
        resource,
        page,
        pagesTotal: perResource,
        status: page % 10 === 0 ? 'skipped' : 'loaded',
        recordsExtracted: 20,
        recordsRejected: page % 50 === 0 ? 1 : 0,
        recordsLoaded: page % 50 === 0 ? 19 : 20,
        rowsWritten: 40,
        url: `https://rickandmortyapi.com/api/${resource}?page=${page}`,
        contentHash: page.toString(16).padStart(64, '0'),
        loadedAt: timeAt(options.runs - 1, 1 + page / 100),
      })),
    );
  }
  if (failed.length > 0)
    await db.insert(sluiceRunFailures).values(
      failed.map(({ resource, page }) => ({
        runId,
        stage: 'extract',
        resource,
        page,
        pagesTotal: perResource,
        reason: `GET https://rickandmortyapi.com/api/${resource}?page=${page} answered 500`,
        failedAt: timeAt(options.runs - 1, 300),
      })),
    );
  return { runId, pages: pages.length, runs: options.runs };
};
