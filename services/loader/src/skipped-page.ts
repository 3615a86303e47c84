import { type PageSkipped, toSqlDatetime } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { SluiceError } from '@sluice/runtime';
import {
  claimLoads,
  isPageRecorded,
  loadedContentHash,
  recordPages,
  recordRunIfNew,
  retryTransaction,
} from '@sluice/warehouse';
import type { LoaderDeps } from './load-messages.ts';
import { DUPLICATE, type PageOutcome, READ_COMMITTED } from './load-pages.ts';

/**
 * Counts a page the extractor skipped because its S3 copy of the page state says it was loaded with the
 * same content. The warehouse is the truth: if it disagrees (a warehouse restored or rebuilt since), the
 * page is dead-lettered with what to do, rather than counted as loaded when its rows are not there.
 */
export const recordSkippedPage = async (
  message: PageSkipped,
  pipeline: PipelineDefinition,
  deps: LoaderDeps,
): Promise<PageOutcome> => {
  const now = deps.clock.now();
  const loadedAt = toSqlDatetime(now);
  return retryTransaction(() =>
    deps.db.transaction(async (tx) => {
      if ((await loadedContentHash(tx, message)) !== message.contentHash) {
        throw new SluiceError(
          `page ${message.url} was skipped as unchanged, but the warehouse has no load of that content: its state in S3 is stale (a rebuilt warehouse?); run \`npx sluice run ${message.pipeline} --full-refresh\``,
          { context: { url: message.url, runId: message.runId }, retryable: false },
        );
      }
      // A page this very run already loaded (its extraction ran twice: a redelivery, a killed extractor)
      // reads as unchanged the second time: its first load stands, counts and all.
      if (await isPageRecorded(tx, message)) return DUPLICATE;
      const claim = {
        objectKey: `skipped/${message.pipeline}/${message.resource}/${message.runId}/${message.page}`,
        etag: message.contentHash,
        runId: message.runId,
      };
      if ((await claimLoads(tx, [claim], loadedAt)).size === 0) return DUPLICATE;
      const resources = Object.keys(pipeline.source.resources);
      await recordRunIfNew(tx, {
        runId: message.runId,
        pipeline: pipeline.name,
        resources,
        requestedAt: now,
      });
      await recordPages(
        tx,
        [
          {
            runId: message.runId,
            resource: message.resource,
            page: message.page,
            pagesTotal: message.pagesTotal,
            status: 'skipped',
            recordsExtracted: 0,
            recordsRejected: 0,
            recordsLoaded: 0,
            rowsWritten: 0,
            rejectedKey: null,
            url: message.url,
            contentHash: message.contentHash,
            cursor: null,
          },
        ],
        loadedAt,
      );
      return { status: 'skipped', rowsWritten: 0, recordsRejected: 0, changed: false };
    }, READ_COMMITTED),
  );
};
