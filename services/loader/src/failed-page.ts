import type { PageFailed } from '@sluice/contracts';
import { recordPageFailure, retryTransaction, settleRun } from '@sluice/warehouse';
import type { LoaderDeps, LoadResult } from './load-messages.ts';

/**
 * A stage dead-lettered a page of a run: the ledger records it (once) and settles the run, which is
 * `failing` while other pages are in flight and `failed` once none is.
 */
export const recordFailedPage = async (report: PageFailed, deps: LoaderDeps): Promise<LoadResult> => {
  const pipeline = deps.pipelines.names().includes(report.pipeline)
    ? deps.pipelines.get(report.pipeline)
    : null;
  const resources = pipeline ? Object.keys(pipeline.source.resources) : [];
  await retryTransaction(() => deps.db.transaction((tx) => recordPageFailure(tx, report, resources)));
  const status = await settleRun(deps.db, report.runId, deps.clock.now(), pipeline?.rejections);
  return {
    runId: report.runId,
    resource: report.resource ?? '',
    page: report.page ?? 0,
    status: 'failure recorded',
    rowsWritten: 0,
    recordsRejected: 0,
    runStatus: status,
  };
};
