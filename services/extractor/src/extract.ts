import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  type ExtractMessage,
  MESSAGE_VERSION,
  type PageRequested,
  type PageSkipped,
  type PageStaged,
  sha256Hex,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { createOutbox, type PipelineCatalogue, type QueueUrls } from '@sluice/runtime';
import type { PageStatesOf } from './page-states.ts';
import type { FetchedPage, PageSource } from './sources/page-source.ts';
import { stagePages } from './stage-pages.ts';
import { pageRequest, requestFirstPages, scheduledRun } from './start-run.ts';

export interface ExtractorDeps {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  queues: Pick<QueueUrls, 'extract' | 'transform' | 'load'>;
  pipelines: PipelineCatalogue;
  /** The page hashes the loader published for a resource, read once per run. */
  pageStatesOf: PageStatesOf;
  /** The page source of a pipeline, built once per process (it holds the rate limit). */
  sourceOf: (pipeline: PipelineDefinition) => PageSource;
  clock: { now: () => Date };
  /** Closes what the process holds open (a mysql source's connection pool). */
  close?: () => Promise<void>;
}

type ExtractResult = Record<string, unknown>;

/** Queues messages for a queue on behalf of the message being handled; sent when the batch is done. */
export type Send = (queueUrl: string, bodies: readonly unknown[]) => void;

/**
 * The extractor's one core function, shared by its poller and its Lambda handler: starts the runs asked
 * for and fetches the pages asked for. The pages of the batch that belong to the same run and resource
 * are staged as ONE raw object (a page alone, as its own bytes), with a `page.staged` message per page,
 * so a page still fails, retries and dead-letters alone. What the batch sends on goes out when it is
 * done, in shared requests (createOutbox). Settles one result per message, in order.
 */
export const extractMessages = async (
  messages: ExtractMessage[],
  deps: ExtractorDeps,
): Promise<PromiseSettledResult<ExtractResult>[]> => {
  const fetched = await Promise.allSettled(
    messages.map((message) =>
      message.type === 'page.requested' ? fetchRequestedPage(message, deps) : Promise.resolve(null),
    ),
  );
  const toStage = fetched.flatMap((outcome) =>
    outcome.status === 'fulfilled' && outcome.value && !outcome.value.skipped ? [outcome.value] : [],
  );
  const staging = stagePages(toStage, deps);
  const outbox = createOutbox(deps.sqs, messages);
  const results = await Promise.allSettled(
    messages.map(async (message, index) => {
      const send: Send = (queueUrl, bodies) => outbox.add(index, queueUrl, bodies);
      if (message.type === 'run.requested') return requestFirstPages(message, deps, send);
      if (message.type === 'run.scheduled') return requestFirstPages(scheduledRun(message), deps, send);
      const outcome = fetched[index];
      if (outcome?.status === 'rejected') throw outcome.reason;
      if (!outcome?.value) throw new Error(`no fetch for message ${index} of the batch`);
      return finishPage(outcome.value, staging.get(outcome.value), deps, send);
    }),
  );
  return outbox.deliver(results);
};

/** Whether the page's content is what was last loaded for the same URL. */
const loadedBefore = async (
  deps: ExtractorDeps,
  request: PageRequested,
  fetched: FetchedPage,
  contentHash: string,
) => {
  // A snapshot page's URL carries its run's upper bound, so no earlier run loaded the same URL.
  if (request.fullRefresh || fetched.snapshot) return false;
  const loaded = await deps.pageStatesOf(request);
  return loaded[sha256Hex(request.url)] === contentHash;
};

export interface FetchedRequest {
  request: PageRequested;
  fetched: FetchedPage;
  contentHash: string;
  /** Its content is what was last loaded for the URL: it goes to the loader as skipped, not staged. */
  skipped: boolean;
}

/** Fetches one page and tells whether its content was loaded before. */
const fetchRequestedPage = async (request: PageRequested, deps: ExtractorDeps): Promise<FetchedRequest> => {
  const pipeline = deps.pipelines.get(request.pipeline);
  const fetched = await deps.sourceOf(pipeline).fetchPage(request);
  const contentHash = sha256Hex(fetched.body);
  return { request, fetched, contentHash, skipped: await loadedBefore(deps, request, fetched, contentHash) };
};

const pageFieldsOf = ({ request, fetched, contentHash }: FetchedRequest) =>
  ({
    version: MESSAGE_VERSION,
    runId: request.runId,
    pipeline: request.pipeline,
    resource: request.resource,
    page: request.page,
    url: request.url,
    contentHash,
    pagesTotal: fetched.pagesTotal,
  }) as const;

/**
 * Once a page is staged, the transformer is told (`page.staged`); an unchanged page goes to the loader
 * as skipped instead. Either way the resource goes on: page 1 of a source that tells its size fans the
 * other pages out as messages (fetched in parallel, bounded by the pollers' concurrency), a source read
 * page after page asks for the next one. No page is held in memory longer than its batch.
 */
const finishPage = async (
  page: FetchedRequest,
  staging: Promise<string> | undefined,
  deps: ExtractorDeps,
  send: Send,
): Promise<ExtractResult> => {
  const { request, fetched } = page;
  let rawKey: string | null = null;
  if (page.skipped) {
    const message: PageSkipped = {
      ...pageFieldsOf(page),
      type: 'page.skipped',
      skippedAt: deps.clock.now().toISOString(),
    };
    send(deps.queues.load.url, [message]);
  } else {
    if (!staging) throw new Error(`page ${request.page} of ${request.resource} was fetched but not staged`);
    rawKey = await staging;
    const message: PageStaged = {
      ...pageFieldsOf(page),
      type: 'page.staged',
      rawKey,
      stagedAt: deps.clock.now().toISOString(),
    };
    send(deps.queues.transform.url, [message]);
  }
  const next = [
    ...(fetched.nextUrl ? [pageRequest(request, request.resource, request.page + 1, fetched.nextUrl)] : []),
    ...fetched.fanOut.map((url, index) =>
      pageRequest(request, request.resource, request.page + 1 + index, url),
    ),
  ];
  send(deps.queues.extract.url, next);
  return {
    runId: request.runId,
    resource: request.resource,
    page: request.page,
    pagesTotal: fetched.pagesTotal,
    records: fetched.recordCount,
    ...(rawKey === null ? { skipped: true } : { rawKey }),
  };
};
