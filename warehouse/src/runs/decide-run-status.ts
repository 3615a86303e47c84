import type { RunStatus } from './run-status.ts';

/** A page a stage dead-lettered; resource '' and page 0 for the run's own request. */
export interface RunFailure {
  stage: string;
  resource: string;
  page: number;
  /** The resource's page count as the failed message knew it (null when unknown), named as a resource's is. */
  pages: { total: number | null };
  reason: string;
  failedAt: string;
}

/** What the ledger knows of one resource of a run. */
export interface ResourcePages {
  resource: string;
  /** The greatest page count a loaded page of it gave; null when none gave one. */
  pagesTotal: number | null;
  /** The numbers of its pages loaded (or skipped as unchanged) in this run. */
  done: ReadonlySet<number>;
  /** Records its pages held, and how many of them passed validation (the rest were rejected). */
  records?: { extracted: number; loaded: number };
}

/**
 * Whether a resource rejected enough of its records to fail its run: at least `failAt` of them (the
 * pipeline's `rejections.failAt`). At the default, 1, that is a resource that loaded nothing.
 */
export const isOverRejected = (records: { extracted: number; loaded: number }, failAt = 1): boolean => {
  const rejected = records.extracted - records.loaded;
  return records.extracted > 0 && rejected > 0 && rejected >= failAt * records.extracted;
};

/**
 * Whether nothing of a resource is left in flight, given its dead-lettered pages. With a page count
 * known (from a loaded page or a failed one), every page must be loaded or dead-lettered. Without one,
 * the resource is read page after page: a page whose extraction failed asked for no next page, so the
 * chain ends there once every page before it is loaded or dead-lettered. A page that failed after its
 * extraction had already asked for the next, so the chain goes on.
 */
const isSettled = (resource: ResourcePages, failures: RunFailure[]): boolean => {
  const settled = new Set([...resource.done, ...failures.map(({ page }) => page)]);
  const totals = [resource.pagesTotal, ...failures.map(({ pages }) => pages.total)].filter(
    (total): total is number => total !== null,
  );
  if (totals.length > 0) return settled.size >= Math.max(...totals);
  const extractFailures = failures.filter(({ stage }) => stage === 'extract').map(({ page }) => page);
  if (extractFailures.length === 0) return false;
  const lastPage = Math.min(...extractFailures);
  for (let page = 1; page < lastPage; page += 1) if (!settled.has(page)) return false;
  return true;
};

/**
 * A run's status from its pages and its failures, the one rule for every stage and face: cancelled
 * stays cancelled; every page of every resource loaded is `succeeded` (whatever failed before and was
 * replayed since), unless a resource had `failAt` of its records rejected (all of them by default),
 * which is `failed`; no
 * failure is `running`; a failure with something still in flight is `failing`, and `failed` once
 * nothing is. A failed request asked for no page at all, so the run has failed at once.
 */
export const decideRunStatus = (
  current: string,
  resources: ResourcePages[],
  failures: RunFailure[],
  failAt = 1,
): RunStatus => {
  if (current === 'cancelled') return 'cancelled';
  const complete = resources.every(({ pagesTotal, done }) => pagesTotal !== null && done.size >= pagesTotal);
  if (complete) {
    const rejected = resources.some(
      ({ records }) => records !== undefined && isOverRejected(records, failAt),
    );
    return rejected ? 'failed' : 'succeeded';
  }
  if (failures.length === 0) return 'running';
  if (failures.some(({ resource }) => resource === '')) return 'failed';
  const settled = resources.every((resource) =>
    isSettled(
      resource,
      failures.filter((failure) => failure.resource === resource.resource),
    ),
  );
  return settled ? 'failed' : 'failing';
};
