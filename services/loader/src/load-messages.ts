import type { S3Client } from '@aws-sdk/client-s3';
import type { LoadMessage, PageSkipped, PageTransformed } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import type { PipelineCatalogue } from '@sluice/runtime';
import type { RunStatus, WarehouseDb } from '@sluice/warehouse';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import { afterCommit } from './after-commit.ts';
import { recordFailedPage } from './failed-page.ts';
import { loadPages, type PageOutcome } from './load-pages.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { recordSkippedPage } from './skipped-page.ts';
import { transactionGroups } from './transaction-groups.ts';

export interface LoaderDeps {
  s3: S3Client;
  bucket: string;
  db: WarehouseDb;
  clock: { now: () => Date };
  pipelines: PipelineCatalogue;
  /** The pipeline's warehouse tables, created or evolved from its declaration on first use. */
  tablesOf: (pipeline: PipelineDefinition) => Promise<Record<string, MySqlTable>>;
}

/** What became of one message. */
export type LoadResult = {
  runId: string;
  resource: string;
  page: number;
  status: 'loaded' | 'skipped' | 'duplicate' | 'failure recorded';
  rowsWritten: number;
  /** Of the page's records, those kept out of the warehouse (0 unless it was loaded now). */
  recordsRejected: number;
  /** Where a reported failure left its run. */
  runStatus?: RunStatus | null;
};

/**
 * The loader's one core function, shared by its poller and its Lambda handler. The transformed pages of
 * a pipeline load in ONE transaction, each table's rows of all the pages in multi-row statements, which
 * saves most of the round trips and commits of a page-at-a-time load; if that transaction fails, each
 * page loads alone, so that a bad page fails alone and its neighbours still load. A skipped page is only
 * counted; a failure report marks its run. Settles one result per message, in order.
 */
export const loadMessages = async (
  messages: LoadMessage[],
  deps: LoaderDeps,
): Promise<PromiseSettledResult<LoadResult>[]> => {
  const transformed = messages.filter(
    (message): message is PageTransformed => message.type === 'page.transformed',
  );
  const together = transformed.length > 1 ? await loadTogether(transformed, deps) : null;
  // Each page loading alone reads its whole processed object: fifty at once, as after a failed
  // transaction, would hold fifty objects. One at a time, memory stays bounded on the failure path too.
  const inTurn = oneAtATime();
  return Promise.allSettled(
    messages.map(async (message) => {
      if (message.type === 'page.failed') return recordFailedPage(message, deps);
      const loaded = together?.get(message);
      if (loaded) return loaded;
      return message.type === 'page.transformed'
        ? inTurn(() => loadAlone(message, deps))
        : loadAlone(message, deps);
    }),
  );
};

const loadAlone = async (message: PageTransformed | PageSkipped, deps: LoaderDeps): Promise<LoadResult> => {
  const pipeline = deps.pipelines.get(message.pipeline);
  const outcome: PageOutcome =
    message.type === 'page.skipped'
      ? await recordSkippedPage(message, pipeline, deps)
      : ((await loadPages([message], pipeline, deps))[0] as PageOutcome);
  const [result] = await afterCommit([message], pipeline, [outcome], deps);
  return result as LoadResult;
};

/**
 * Per pipeline, its pages in transactions of a bounded number of rows (transactionGroups), one after
 * the other. A group that cannot be loaded together is left out, so that each of its pages loads alone.
 */
const loadTogether = async (messages: PageTransformed[], deps: LoaderDeps) => {
  const results = new Map<LoadMessage, LoadResult>();
  const byPipeline = Map.groupBy(messages, (message) => message.pipeline);
  for (const [name, pipelinePages] of byPipeline) {
    for (const pages of transactionGroups(pipelinePages)) {
      if (pages.length < 2) continue;
      try {
        const pipeline = deps.pipelines.get(name);
        const outcomes = await loadPages(pages, pipeline, deps);
        const done = await afterCommit(pages, pipeline, outcomes, deps);
        for (const [index, message] of pages.entries()) results.set(message, done[index] as LoadResult);
      } catch {
        // Each of these pages loads alone next, so that a bad one fails alone with its own reason.
      }
    }
  }
  return results;
};
