import type { PageSkipped, PageTransformed } from '@sluice/contracts';
import { isIncrementalResource, type PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { completeResource, retryTransaction, runsAwaitingSettlement, settleRun } from '@sluice/warehouse';
import type { LoaderDeps, LoadResult } from './load-messages.ts';
import type { PageOutcome } from './load-pages.ts';
import { type PublishedState, publishState, withdrawnPageStates } from './pipeline-state.ts';

/**
 * After the commit, once per resource of the pages: if a run now has every page of it, its page hashes
 * and cursor are copied to S3 for the extractor; if a page's content changed before then, the copied
 * hashes are withdrawn. A run that completed a resource, or that is failing, is settled: so a run ends
 * `succeeded` when its last page commits, with nobody waiting for it. Lost if the process dies here,
 * which costs the next run pages it could have skipped (or fetched again), never a row; a redelivered
 * message does it again.
 */
export const afterCommit = async (
  messages: (PageTransformed | PageSkipped)[],
  pipeline: PipelineDefinition,
  outcomes: PageOutcome[],
  deps: LoaderDeps,
): Promise<LoadResult[]> => {
  const now = deps.clock.now();
  const runResources = [
    ...new Map(messages.map((message) => [`${message.runId} ${message.resource}`, message])).values(),
  ];
  const completed = await Promise.all(
    runResources.map(async ({ runId, resource }) => {
      const incremental = isIncrementalResource(pipeline, resource);
      const page = { pipeline: pipeline.name, runId, resource, incremental };
      const done = await retryTransaction(() => completeResource(deps.db, page, now));
      return done ? { runId, state: { pipeline: pipeline.name, resource, ...done } } : null;
    }),
  );
  const published = completed.filter((done) => done !== null);
  const runIds = [...new Set(messages.map(({ runId }) => runId))];
  const toSettle = new Set([
    ...published.map(({ runId }) => runId),
    ...(await runsAwaitingSettlement(deps.db, runIds)),
  ]);
  await Promise.all([...toSettle].map((runId) => settleRun(deps.db, runId, now, pipeline.rejections)));
  const republished = new Set(published.map(({ state }) => state.resource));
  const changed = new Set(
    messages.filter((_, index) => outcomes[index]?.changed).map(({ resource }) => resource),
  );
  const withdrawn = [...changed]
    .filter((resource) => !republished.has(resource))
    .map((resource): PublishedState => withdrawnPageStates(pipeline.name, resource, now));
  await Promise.all(
    [...published.map(({ state }) => state), ...withdrawn].map((state) => publishState(deps, state)),
  );
  return messages.map((message, index) => ({
    runId: message.runId,
    resource: message.resource,
    page: message.page,
    status: outcomes[index]?.status ?? 'duplicate',
    rowsWritten: outcomes[index]?.rowsWritten ?? 0,
    recordsRejected: outcomes[index]?.recordsRejected ?? 0,
  }));
};
