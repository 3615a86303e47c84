import { STAGES } from '@sluice/contracts';
import type { RunFailure, RunPage, RunProgress } from '@sluice/warehouse';
import type { RunDeadLetters } from '../run-dead-letters.ts';

/** Where one page of a run is, from the furthest stage it reached. */
export const PAGE_STATES = [
  'waiting',
  'extracted',
  'transformed',
  'dead-lettered',
  'loaded',
  'skipped',
] as const;
export type PageState = (typeof PAGE_STATES)[number];

export interface PageCell {
  page: number;
  state: PageState;
  /** What the warehouse recorded of a loaded or skipped page. */
  loaded?: Pick<
    RunPage,
    'recordsExtracted' | 'recordsRejected' | 'recordsLoaded' | 'rowsWritten' | 'loadedAt'
  >;
  /** The stage that dead-lettered it and why (a page loaded after a replay keeps none). */
  failure?: Pick<RunFailure, 'stage' | 'reason' | 'failedAt'>;
}

export interface ResourceGrid {
  resource: string;
  /** Null while no page has said how many there are: the row then shows the pages seen so far. */
  pagesTotal: number | null;
  /** The pages known so far: the total, or the furthest page seen while there is none. */
  pagesKnown: number;
  /** The pages of the window, from its first page to its last or the resource's. */
  cells: PageCell[];
}

/** The pages of each resource a grid shows: a run of many thousand pages is shown a screenful at a time. */
export interface GridWindow {
  from: number;
  to: number;
}

// 1,000 cells a resource: a screenful, and a page of the grid that renders in milliseconds.
export const GRID_PAGE_SIZE = 1_000;

/** The window that starts at page `from` (1 when none). */
export const gridWindowFrom = (from = 1): GridWindow => ({ from, to: from + GRID_PAGE_SIZE - 1 });

/** The run's pages staged in S3, per resource: raw (extracted) and processed (transformed). */
export type StagedPages = Record<string, { raw: ReadonlySet<number>; processed: ReadonlySet<number> }>;

const cellOf = (
  page: number,
  loaded: RunPage | undefined,
  failure: RunFailure | undefined,
  staged: StagedPages[string] | undefined,
): PageCell => {
  if (loaded) {
    const { recordsExtracted, recordsRejected, recordsLoaded, rowsWritten, loadedAt } = loaded;
    const state = loaded.status === 'skipped' ? 'skipped' : 'loaded';
    return {
      page,
      state,
      loaded: { recordsExtracted, recordsRejected, recordsLoaded, rowsWritten, loadedAt },
    };
  }
  if (failure) {
    const { stage, reason, failedAt } = failure;
    return { page, state: 'dead-lettered', failure: { stage, reason, failedAt } };
  }
  if (staged?.processed.has(page)) return { page, state: 'transformed' };
  if (staged?.raw.has(page)) return { page, state: 'extracted' };
  return { page, state: 'waiting' };
};

/**
 * A row of cells per resource, one per page of the window, each in the furthest state the page reached:
 * loaded or skipped (the warehouse says so), else dead-lettered (a stage reported it), else transformed
 * or extracted (staged in S3), else waiting. A page loaded after a replay is loaded, whatever failed before.
 */
export const gridOfRun = (
  progress: RunProgress,
  pages: readonly RunPage[],
  staged: StagedPages,
  window: GridWindow = { from: 1, to: Number.POSITIVE_INFINITY },
): ResourceGrid[] =>
  progress.resources.map(({ resource, pages: { total: pagesTotal } }) => {
    const loaded = new Map(pages.filter((p) => p.resource === resource).map((p) => [p.page, p]));
    const failures = new Map(
      progress.failures.filter((f) => f.resource === resource).map((f) => [f.page, f]),
    );
    const own = staged[resource];
    const seen = [...loaded.keys(), ...failures.keys(), ...(own?.raw ?? []), ...(own?.processed ?? [])];
    const total = pagesTotal ?? Math.max(0, ...seen);
    const last = Math.min(total, window.to);
    const cells = Array.from({ length: Math.max(0, last - window.from + 1) }, (_, index) => {
      const page = window.from + index;
      return cellOf(page, loaded.get(page), failures.get(page), own);
    });
    return { resource, pagesTotal, pagesKnown: total, cells };
  });

const pageKey = (resource: string, page: number) => `${resource}/${page}`;

/** The pages a stage dead-lettered that were loaded since (a replay), as `resource/page`. */
export const loadedSinceOf = (failures: readonly RunFailure[], pages: readonly RunPage[]): Set<string> => {
  const loaded = new Set(pages.map((page) => pageKey(page.resource, page.page)));
  return new Set(failures.map((f) => pageKey(f.resource, f.page)).filter((key) => loaded.has(key)));
};

export const isLoadedSince = (
  loadedSince: ReadonlySet<string>,
  failure: Pick<RunFailure, 'resource' | 'page'>,
) => loadedSince.has(pageKey(failure.resource, failure.page));

/**
 * The run's dead-lettered pages as the ledger knows them (each stage reports the pages it dead-letters),
 * less those loaded since: what the live view shows without reading the DLQs, which a listing would hide
 * from a replay for its duration. Whatever window the grid shows, all of them.
 */
export const ledgerDeadLettersOf = (
  runId: string,
  progress: Pick<RunProgress, 'resources' | 'failures'>,
  loadedSince: ReadonlySet<string>,
): RunDeadLetters => {
  // A page reported by two stages counts at the last, as the grid shows it.
  const lastFailure = new Map<string, RunFailure>();
  for (const failure of progress.failures) lastFailure.set(pageKey(failure.resource, failure.page), failure);
  const still = [...lastFailure.values()].filter((failure) => !isLoadedSince(loadedSince, failure));
  return {
    runId,
    groups: STAGES.flatMap((stage) =>
      progress.resources.flatMap(({ resource }) => {
        const pages = still
          .filter((failure) => failure.stage === stage && failure.resource === resource)
          .map((failure) => failure.page)
          .sort((a, b) => a - b);
        if (pages.length === 0) return [];
        return [{ stage, resource, pages, messages: pages.length }];
      }),
    ),
    unlisted: 0,
  };
};
