import { parseJson, RejectedPageSchema, STAGES, type Stage } from '@sluice/contracts';
import { getStagedObject } from '@sluice/runtime';
import { type RunFailure, type RunPageDetail, readRunPage, readRunProgress } from '@sluice/warehouse';
import type { Platform } from '../platform.ts';
import type { Rejection } from '../rejected/read-rejected-records.ts';
import { stagedPageKeys } from '../staged-pages.ts';
import type { PageState } from './page-grid.ts';
import { type PageAddress, type PageLogs, readPageLogs } from './page-logs.ts';
import type { SpanStore, StoredSpan } from './traces/span-store.ts';

// A page's lines are a dozen; a page retried many times has more, and a screenful says what happened.
export const PAGE_LOG_LIMIT = 200;

/** When a stage handled the page (its `handled` log line) and how long it took, per attempt. */
export interface StageTiming {
  stage: Stage;
  handledAt: string;
  ms: number;
  attempt: number | null;
}

/** What the console's page view shows and `/api/runs/:id/pages/:resource/:page` serves. */
export interface PageDetail {
  runId: string;
  pipeline: string;
  resource: string;
  page: number;
  state: PageState;
  /** What the ledger recorded of it; null until it is loaded or skipped. */
  recorded: RunPageDetail | null;
  /** Each time a stage dead-lettered it, with the reason. */
  failures: RunFailure[];
  timings: StageTiming[];
  logs: PageLogs;
  /** Its records the transformer rejected, with the reasons (as `sluice rejected` lists them). */
  rejections: Rejection[];
  /** The spans of the page's trace the console received over OTLP; empty when none was sent to it. */
  spans: StoredSpan[];
}

/** A run of the warehouse has no such page: neither recorded nor seen by any stage. */
export class UnknownPageError extends Error {
  override name = 'UnknownPageError';
}

const stateOf = (
  recorded: RunPageDetail | undefined,
  failures: RunFailure[],
  staged: { raw: boolean; processed: boolean },
): PageState => {
  if (recorded) return recorded.status === 'skipped' ? 'skipped' : 'loaded';
  if (failures.length > 0) return 'dead-lettered';
  if (staged.processed) return 'transformed';
  return staged.raw ? 'extracted' : 'waiting';
};

const timingsOf = (logs: PageLogs): StageTiming[] =>
  logs.lines.flatMap(({ msg, stage, time, line, attempt }) =>
    msg === 'handled' && (STAGES as readonly string[]).includes(stage ?? '') && typeof line.ms === 'number'
      ? [{ stage: stage as Stage, handledAt: time, ms: line.ms, attempt: attempt ?? null }]
      : [],
  );

const readPageRejections = async (
  platform: Pick<Platform, 's3' | 'bucket'>,
  key: string | undefined,
  address: PageAddress,
): Promise<Rejection[]> => {
  if (!key) return [];
  const { body } = await getStagedObject(platform.s3, platform.bucket, key);
  const { rejected } = parseJson(RejectedPageSchema, body, `rejected page ${key}`);
  return rejected.map(({ index, reason, record }) => ({
    resource: address.resource,
    page: address.page,
    index,
    reason,
    record,
  }));
};

/**
 * One page of a run: the ledger's record (URL, content hash, counts), its failures, its state, the
 * services' log lines about it and the timings they give, its rejected records, and its trace's spans.
 * Null when the warehouse has no such run.
 */
export const readPageDetail = async (
  platform: Platform,
  sources: { logDir: string; spans: SpanStore },
  address: PageAddress,
): Promise<PageDetail | null> => {
  const progress = await readRunProgress(platform.warehouse.db, address.runId);
  if (!progress) return null;
  const { runId, resource, page } = address;
  if (!progress.resources.some((known) => known.resource === resource))
    throw new UnknownPageError(`run ${runId} has no resource ${resource}`);
  const run = { pipeline: progress.pipeline, resource, runId };
  const [recorded, raw, processed, rejectedKeys, logs] = await Promise.all([
    readRunPage(platform.warehouse.db, address),
    stagedPageKeys(platform.s3, platform.bucket, 'raw', run),
    stagedPageKeys(platform.s3, platform.bucket, 'processed', run),
    stagedPageKeys(platform.s3, platform.bucket, 'rejected', run),
    readPageLogs(sources.logDir, address, PAGE_LOG_LIMIT),
  ]);
  const failures = progress.failures.filter((f) => f.resource === resource && f.page === page);
  const total = progress.resources.find((known) => known.resource === resource)?.pages.total ?? null;
  const seen = recorded || failures.length > 0 || raw.has(page) || logs.total > 0;
  if (!seen && (total === null || page > total))
    throw new UnknownPageError(`run ${runId} has no ${resource} page ${page} (yet)`);
  const rejectedKey = recorded?.rejectedKey ?? rejectedKeys.get(page);
  return {
    runId,
    pipeline: progress.pipeline,
    resource,
    page,
    state: stateOf(recorded, failures, { raw: raw.has(page), processed: processed.has(page) }),
    recorded: recorded ?? null,
    failures,
    timings: timingsOf(logs),
    logs,
    rejections: await readPageRejections(platform, rejectedKey, address),
    spans: sources.spans.spansOfPage(address),
  };
};
