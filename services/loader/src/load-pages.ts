import { isMysqlPageUrl, type PageTransformed, toSqlDatetime } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { withMessageSpans } from '@sluice/runtime';
import {
  claimLoads,
  recordPageStates,
  recordPages,
  recordRunIfNew,
  retryTransaction,
} from '@sluice/warehouse';
import type { LoaderDeps } from './load-messages.ts';
import { readProcessedPages } from './processed-pages.ts';
import { writeTables } from './write-tables.ts';

/** What became of one page in its transaction. */
export interface PageOutcome {
  status: 'loaded' | 'skipped' | 'duplicate';
  rowsWritten: number;
  /** The page's records kept out of the warehouse: by the transformer, or by a lookup here. */
  recordsRejected: number;
  /** The page's URL was loaded before with other content. */
  changed: boolean;
}

export const DUPLICATE: PageOutcome = {
  status: 'duplicate',
  rowsWritten: 0,
  recordsRejected: 0,
  changed: false,
};

// No gap locks on the child-row deletes, which otherwise deadlock with inserts of neighbouring pages.
export const READ_COMMITTED = { isolationLevel: 'read committed' } as const;

/**
 * The pages of one pipeline in one transaction: each page claimed in the load ledger, so a second
 * delivery finds its claim and changes nothing; the fresh pages' rows written, table by table; each
 * recorded for its run, with the content hash loaded for its URL. One outcome per page, in order. The
 * transaction is a span in each page's trace (`load transaction`, shared by the pages it holds).
 */
export const loadPages = async (
  messages: PageTransformed[],
  pipeline: PipelineDefinition,
  deps: LoaderDeps,
): Promise<PageOutcome[]> => {
  const tables = await deps.tablesOf(pipeline);
  const staged = await readProcessedPages(messages, deps);
  const now = deps.clock.now();
  const loadedAt = toSqlDatetime(now);
  const attributes = { 'db.system.name': 'mysql', 'sluice.pipeline': pipeline.name };
  return withMessageSpans(
    messages,
    'load transaction',
    () =>
      retryTransaction(() =>
        deps.db.transaction(async (tx) => {
          const claimed = await claimLoads(
            tx,
            staged.map(({ claim }) => claim),
            loadedAt,
          );
          const fresh = staged.filter(({ claim }) => claimed.has(claim));
          for (const runId of new Set(fresh.map(({ message }) => message.runId))) {
            // A run requested by a schedule has no row yet: its first page records it, with all resources.
            const resources = Object.keys(pipeline.source.resources);
            await recordRunIfNew(tx, { runId, pipeline: pipeline.name, resources, requestedAt: now });
          }
          const rejected = await writeTables(
            tx,
            pipeline,
            tables,
            fresh.map(({ page, message }) => ({ page, url: message.url })),
          );
          const written = fresh.map(({ page }) =>
            Object.values(page.tables).reduce((sum, rows) => sum + rows.length, 0),
          );
          await recordPages(
            tx,
            fresh.map(({ message }, index) => ({
              runId: message.runId,
              resource: message.resource,
              page: message.page,
              pagesTotal: message.pagesTotal,
              status: 'loaded',
              recordsExtracted: message.records.extracted,
              // A fact whose dimension member a `missing: reject` lookup refused is rejected here, not loaded.
              recordsRejected: message.records.rejected + (rejected[index] ?? 0),
              recordsLoaded: message.records.valid - (rejected[index] ?? 0),
              rowsWritten: written[index] ?? 0,
              rejectedKey: message.rejectedKey,
              url: message.url,
              contentHash: message.contentHash,
              cursor: message.cursor === null ? null : JSON.stringify(message.cursor),
            })),
            loadedAt,
          );
          // Only a page that has an identity across runs (its URL) can be skipped as unchanged: a database
          // page's URL names its run's bounds, new every run, so recording its hash would only grow the table.
          const skippable = fresh.filter(({ message }) => !isMysqlPageUrl(message.url));
          const changedFlags = await recordPageStates(
            tx,
            skippable.map(({ message }) => message),
            loadedAt,
          );
          const changed = new Map(skippable.map((page, index) => [page, changedFlags[index] ?? false]));
          return staged.map((page): PageOutcome => {
            const index = fresh.indexOf(page);
            if (index < 0) return DUPLICATE;
            return {
              status: 'loaded',
              rowsWritten: written[index] ?? 0,
              recordsRejected: page.message.records.rejected + (rejected[index] ?? 0),
              changed: changed.get(page) ?? false,
            };
          });
        }, READ_COMMITTED),
      ),
    attributes,
  );
};
