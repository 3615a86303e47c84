import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  type CursorState,
  cursorStateKey,
  type ExtractMessage,
  MESSAGE_VERSION,
  type PageRequested,
  type PageSkipped,
  type PageStaged,
  type PageState,
  pageStateKey,
  type RunRequested,
  type RunScheduled,
  scheduledRunId,
  sha256Hex,
  stagingKey,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import {
  type MessageSender,
  type PipelineCatalogue,
  putStagedObject,
  type QueueUrls,
  readStateObject,
  SluiceError,
} from '@sluice/runtime';
import type { PageSource } from './sources/page-source.ts';

export interface ExtractorDeps {
  s3: S3Client;
  sqs: SQSClient;
  /** Sends the messages of pages handled at the same moment together (see createMessageSender). */
  sender: MessageSender;
  bucket: string;
  queues: Pick<QueueUrls, 'extract' | 'transform' | 'load'>;
  pipelines: PipelineCatalogue;
  /** The page source of a pipeline, built once per process (it holds the rate limit). */
  sourceOf: (pipeline: PipelineDefinition) => PageSource;
  clock: { now: () => Date };
}

/** The extractor's one core function, shared by its poller and its Lambda handler. */
export const handleExtractMessage = (message: ExtractMessage, deps: ExtractorDeps) => {
  if (message.type === 'run.requested') return requestFirstPages(message, deps);
  if (message.type === 'run.scheduled') return requestFirstPages(scheduledRun(message), deps);
  return extractPage(message, deps);
};

/** A schedule rule's event as the run it starts; the same event always gives the same run id. */
const scheduledRun = (event: RunScheduled): RunRequested => ({
  version: MESSAGE_VERSION,
  type: 'run.requested',
  runId: scheduledRunId(new Date(event.scheduledAt), sha256Hex(event.eventId)),
  pipeline: event.pipeline,
  requestedAt: event.scheduledAt,
});

const pageRequest = (
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
  const incremental = pipeline.incremental?.[resource];
  if (!incremental) return undefined;
  const state = run.fullRefresh
    ? null
    : await readStateObject<CursorState>(deps.s3, deps.bucket, cursorStateKey(pipeline.name, resource));
  return { param: incremental.param, value: state?.value ?? incremental.start };
};

/**
 * A run starts as one message per resource for its first page, so that a failing resource fails alone and
 * is retried alone.
 */
const requestFirstPages = async (run: RunRequested, deps: ExtractorDeps) => {
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
        source.firstPageUrl(resource, await cursorOf(deps, pipeline, resource, run)),
      ),
    ),
  );
  await deps.sender.send(deps.queues.extract.url, requests);
  return { runId: run.runId, pipeline: run.pipeline, resources: resources.length };
};

/** Whether the page's content is what was last loaded for the same URL. */
const loadedBefore = async (deps: ExtractorDeps, request: PageRequested, contentHash: string) => {
  if (request.fullRefresh) return false;
  const key = pageStateKey(request.pipeline, request.resource, sha256Hex(request.url));
  const state = await readStateObject<PageState>(deps.s3, deps.bucket, key);
  return state?.contentHash === contentHash;
};

/**
 * Fetches one page, stages its bytes under `raw/…` and tells the transformer; a page whose content was
 * loaded before goes straight to the loader as skipped. Then the resource goes on: page 1 of a source that
 * tells its size fans the other pages out as messages (fetched in parallel, bounded by the pollers'
 * concurrency), a source read page after page asks for the next one. No page is held in memory longer
 * than its own fetch.
 */
const extractPage = async (request: PageRequested, deps: ExtractorDeps) => {
  const pipeline = deps.pipelines.get(request.pipeline);
  const fetched = await deps.sourceOf(pipeline).fetchPage(request);
  const contentHash = sha256Hex(fetched.body);
  const base = {
    version: MESSAGE_VERSION,
    runId: request.runId,
    pipeline: request.pipeline,
    resource: request.resource,
    page: request.page,
    url: request.url,
    contentHash,
    pagesTotal: fetched.pagesTotal,
  } as const;
  const at = deps.clock.now().toISOString();
  const skipped = await loadedBefore(deps, request, contentHash);
  let rawKey: string | null = null;
  if (skipped) {
    const message: PageSkipped = { ...base, type: 'page.skipped', skippedAt: at };
    await deps.sender.send(deps.queues.load.url, [message]);
  } else {
    rawKey = stagingKey('raw', request);
    await putStagedObject(deps.s3, deps.bucket, rawKey, fetched.body);
    const message: PageStaged = { ...base, type: 'page.staged', rawKey, stagedAt: at };
    await deps.sender.send(deps.queues.transform.url, [message]);
  }
  const next = [
    ...(fetched.nextUrl ? [pageRequest(request, request.resource, request.page + 1, fetched.nextUrl)] : []),
    ...fetched.fanOut.map((url, index) =>
      pageRequest(request, request.resource, request.page + 1 + index, url),
    ),
  ];
  await deps.sender.send(deps.queues.extract.url, next);
  return {
    runId: request.runId,
    resource: request.resource,
    page: request.page,
    pagesTotal: fetched.pagesTotal,
    records: fetched.recordCount,
    ...(skipped ? { skipped: true } : { rawKey }),
  };
};
