import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  type ExtractMessage,
  MESSAGE_VERSION,
  type PageRequested,
  type PageStaged,
  PIPELINES,
  type PipelineName,
  type RunRequested,
  stagingKey,
} from '@sluice/contracts';
import { putStagedObject, type QueueUrls, SluiceError, sendMessage, sendMessages } from '@sluice/runtime';
import type { KyInstance } from 'ky';
import { fetchText } from './http-client.ts';
import type { PagedSource } from './paged-source.ts';

export interface ExtractorDeps {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  queues: Pick<QueueUrls, 'extract' | 'transform'>;
  http: KyInstance;
  sources: Record<PipelineName, PagedSource>;
  clock: { now: () => Date };
}

/** The extractor's one core function, shared by its poller and its Lambda handler. */
export const handleExtractMessage = (message: ExtractMessage, deps: ExtractorDeps) =>
  message.type === 'run.requested' ? requestFirstPages(message, deps) : extractPage(message, deps);

const sourceOf = (deps: ExtractorDeps, pipeline: string): PagedSource => {
  const source = deps.sources[pipeline as PipelineName];
  if (!source) {
    throw new SluiceError(`unknown pipeline ${pipeline}`, { context: { pipeline }, retryable: false });
  }
  return source;
};

const pageRequest = (run: { runId: string; pipeline: string }, resource: string, page: number, url: string) =>
  ({
    version: MESSAGE_VERSION,
    type: 'page.requested',
    runId: run.runId,
    pipeline: run.pipeline,
    resource,
    page,
    url,
  }) satisfies PageRequested;

/**
 * A run starts as one message per resource for its first page, so that a failing resource fails alone and
 * is retried alone.
 */
const requestFirstPages = async (run: RunRequested, deps: ExtractorDeps) => {
  const source = sourceOf(deps, run.pipeline);
  const resources = run.resources ?? PIPELINES[run.pipeline as PipelineName].resources;
  const requests = resources.map((resource) => pageRequest(run, resource, 1, source.pageUrl(resource, 1)));
  await sendMessages(deps.sqs, deps.queues.extract.url, requests);
  return { runId: run.runId, pipeline: run.pipeline, resources: resources.length };
};

/**
 * Fetches one page, stages its bytes unchanged under `raw/…` and tells the transformer. The first page of
 * a resource also fans the remaining pages out as messages: they are then fetched in parallel, bounded by
 * the pollers' concurrency, and none is held in memory longer than its own fetch.
 */
const extractPage = async (request: PageRequested, deps: ExtractorDeps) => {
  const source = sourceOf(deps, request.pipeline);
  const body = await fetchText(deps.http, request.url);
  const { pagesTotal, recordCount } = source.readPage(body, request.url);
  const rawKey = stagingKey('raw', request);
  await putStagedObject(deps.s3, deps.bucket, rawKey, body);
  const staged: PageStaged = {
    version: MESSAGE_VERSION,
    type: 'page.staged',
    runId: request.runId,
    pipeline: request.pipeline,
    resource: request.resource,
    page: request.page,
    pagesTotal,
    rawKey,
    stagedAt: deps.clock.now().toISOString(),
  };
  await sendMessage(deps.sqs, deps.queues.transform.url, staged);
  if (request.page === 1 && pagesTotal > 1) {
    const rest = Array.from({ length: pagesTotal - 1 }, (_, index) => index + 2).map((page) =>
      pageRequest(request, request.resource, page, source.pageUrl(request.resource, page)),
    );
    await sendMessages(deps.sqs, deps.queues.extract.url, rest);
  }
  return {
    runId: request.runId,
    resource: request.resource,
    page: request.page,
    pagesTotal,
    records: recordCount,
    rawKey,
  };
};
