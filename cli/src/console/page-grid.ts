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
  cells: PageCell[];
}

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
 * A row of cells per resource, one per page, each in the furthest state the page reached: loaded or
 * skipped (the warehouse says so), else dead-lettered (a stage reported it), else transformed or
 * extracted (staged in S3), else waiting. A page loaded after a replay is loaded, whatever failed before.
 */
export const gridOfRun = (
  progress: RunProgress,
  pages: readonly RunPage[],
  staged: StagedPages,
): ResourceGrid[] =>
  progress.resources.map(({ resource, pagesTotal }) => {
    const loaded = new Map(pages.filter((p) => p.resource === resource).map((p) => [p.page, p]));
    const failures = new Map(
      progress.failures.filter((f) => f.resource === resource).map((f) => [f.page, f]),
    );
    const own = staged[resource];
    const seen = [...loaded.keys(), ...failures.keys(), ...(own?.raw ?? []), ...(own?.processed ?? [])];
    const total = pagesTotal ?? Math.max(0, ...seen);
    const cells = Array.from({ length: total }, (_, index) =>
      cellOf(index + 1, loaded.get(index + 1), failures.get(index + 1), own),
    );
    return { resource, pagesTotal, cells };
  });

/**
 * The run's dead-lettered pages as the ledger knows them (each stage reports the pages it dead-letters),
 * less those loaded since: what the live view shows without reading the DLQs, which a listing would hide
 * from a replay for its duration.
 */
export const ledgerDeadLettersOf = (runId: string, grid: readonly ResourceGrid[]): RunDeadLetters => ({
  runId,
  groups: STAGES.flatMap((stage) =>
    grid.flatMap(({ resource, cells }) => {
      const pages = cells.filter((cell) => cell.failure?.stage === stage && cell.state === 'dead-lettered');
      if (pages.length === 0) return [];
      return [{ stage, resource, pages: pages.map((cell) => cell.page), messages: pages.length }];
    }),
  ),
  unlisted: 0,
});
