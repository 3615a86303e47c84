import {
  type CursorState,
  cursorStateKey,
  MESSAGE_VERSION,
  type PageRequested,
  type RunRequested,
  type RunScheduled,
  runRequested,
  scheduledRunId,
  sha256Hex,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { readStateObject, SluiceError } from '@sluice/runtime';
import type { ExtractorDeps, Send } from './extract.ts';

/** A schedule rule's event as the run it starts; the same event always gives the same run id. */
export const scheduledRun = (event: RunScheduled): RunRequested =>
  runRequested({
    runId: scheduledRunId(new Date(event.scheduledAt), sha256Hex(event.eventId)),
    pipeline: event.pipeline,
    requestedAt: new Date(event.scheduledAt),
  });

export const pageRequest = (
  run: { runId: string; pipeline: string; fullRefresh?: boolean | undefined },
  resource: string,
  page: number,
  url: string,
): PageRequested => ({
  version: MESSAGE_VERSION,
  type: 'page.requested',
  runId: run.runId,
  pipeline: run.pipeline,
  resource,
  page,
  url,
  ...(run.fullRefresh ? { fullRefresh: true } : {}),
});

/** Where an incremental resource starts: after the last run's high-water mark, or at the file's `start`. */
const cursorOf = async (
  deps: ExtractorDeps,
  pipeline: PipelineDefinition,
  resource: string,
  run: RunRequested,
) => {
  const readState = () =>
    run.fullRefresh
      ? null
      : readStateObject<CursorState>(deps.s3, deps.bucket, cursorStateKey(pipeline.name, resource));
  const { source } = pipeline;
  if (source.type === 'mysql') {
    // The last complete run's upper bound: a cursor capture starts there, the others compare with the
    // snapshot it staged. A first run (or a full refresh) reads everything and compares with nothing.
    const declared = source.resources[resource];
    if (!declared) return undefined;
    const state = await readState();
    return state ? { param: declared.cursor ?? 'snapshot', value: state.value } : undefined;
  }
  const incremental = pipeline.incremental?.[resource];
  if (!incremental) return undefined;
  const state = await readState();
  return { param: incremental.param, value: state?.value ?? incremental.start };
};

/**
 * A run starts as one message per resource for its first page, so that a failing resource fails alone and
 * is retried alone.
 */
export const requestFirstPages = async (run: RunRequested, deps: ExtractorDeps, send: Send) => {
  const pipeline = deps.pipelines.get(run.pipeline);
  const declared = Object.keys(pipeline.source.resources);
  const unknown = (run.resources ?? []).filter((resource) => !declared.includes(resource));
  if (unknown.length > 0) {
    throw new SluiceError(
      `pipeline ${run.pipeline} has no resource ${unknown.join(', ')} (it has ${declared.join(', ')})`,
      {
        context: { pipeline: run.pipeline, unknown },
        retryable: false,
      },
    );
  }
  const source = deps.sourceOf(pipeline);
  const resources = run.resources ?? declared;
  const requests = await Promise.all(
    resources.map(async (resource) =>
      pageRequest(
        run,
        resource,
        1,
        await source.firstPageUrl(resource, await cursorOf(deps, pipeline, resource, run)),
      ),
    ),
  );
  send(deps.queues.extract.url, requests);
  return { runId: run.runId, pipeline: run.pipeline, resources: resources.length };
};
