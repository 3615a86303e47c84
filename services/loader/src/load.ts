import type { S3Client } from '@aws-sdk/client-s3';
import {
  ContractError,
  type PageTransformed,
  type ProcessedPage,
  ProcessedPageSchema,
  parseJson,
  toSqlDatetime,
} from '@sluice/contracts';
import { getStagedObject } from '@sluice/runtime';
import type { WarehouseDb } from './db/connect.ts';
import {
  characterEpisodes,
  characters,
  episodes,
  locations,
  sluiceLoadLedger,
  sluiceRunPages,
  sluiceRuns,
} from './db/schema.ts';
import { retryTransaction } from './db/transaction-retry.ts';
import { type Executor, replaceChildRows, upsertRows } from './db/upsert.ts';

// No gap locks on the child-row deletes, which otherwise deadlock with inserts of neighbouring pages.
const READ_COMMITTED = { isolationLevel: 'read committed' } as const;

export interface LoaderDeps {
  s3: S3Client;
  bucket: string;
  db: WarehouseDb;
  clock: { now: () => Date };
}

/**
 * The loader's one core function: upserts the rows of one processed page in one transaction that also
 * claims the object (key + ETag) in the load ledger. A second delivery of the same object finds the claim
 * and changes nothing.
 */
export const handleLoadMessage = async (message: PageTransformed, deps: LoaderDeps) => {
  const object = await getStagedObject(deps.s3, deps.bucket, message.processedKey);
  const page = parseJson(ProcessedPageSchema, object.body, `processed object ${message.processedKey}`);
  assertSamePage(message, page);
  const now = toSqlDatetime(deps.clock.now());

  const outcome = await retryTransaction(() =>
    deps.db.transaction(async (tx) => {
      const [claim] = await tx
        .insert(sluiceLoadLedger)
        .ignore()
        .values({ objectKey: message.processedKey, etag: object.etag, runId: message.runId, loadedAt: now });
      if (claim.affectedRows === 0) return { status: 'duplicate' as const, rowsWritten: 0 };

      await tx
        .insert(sluiceRuns)
        .ignore()
        .values({ runId: message.runId, pipeline: message.pipeline, requestedAt: now });
      const rowsWritten = await writeTables(tx, page.tables);
      await upsertRows(tx, sluiceRunPages, [
        {
          runId: message.runId,
          resource: message.resource,
          page: message.page,
          pagesTotal: message.pagesTotal,
          recordsExtracted: message.records.extracted,
          recordsRejected: message.records.rejected,
          recordsLoaded: message.records.valid,
          rowsWritten,
          rejectedKey: message.rejectedKey,
          loadedAt: now,
        },
      ]);
      return { status: 'loaded' as const, rowsWritten };
    }, READ_COMMITTED),
  );
  return { runId: message.runId, resource: message.resource, page: message.page, ...outcome };
};

/** Parents before children; children replaced per parent so removed links disappear. */
const writeTables = async (tx: Executor, tables: ProcessedPage['tables']): Promise<number> => {
  let written = 0;
  written += await upsertRows(tx, locations, tables.locations ?? []);
  written += await upsertRows(tx, episodes, tables.episodes ?? []);
  written += await upsertRows(tx, characters, tables.characters ?? []);
  if (tables.character_episodes || tables.characters) {
    const parentIds = (tables.characters ?? []).map((character) => character.id);
    written += await replaceChildRows(
      tx,
      characterEpisodes,
      'characterId',
      parentIds,
      tables.character_episodes ?? [],
    );
  }
  return written;
};

const assertSamePage = (message: PageTransformed, page: ProcessedPage): void => {
  const expected = `${message.runId}/${message.resource}/${message.page}`;
  const actual = `${page.runId}/${page.resource}/${page.page}`;
  if (expected !== actual) {
    throw new ContractError(
      `processed object ${message.processedKey} holds page ${actual}, not ${expected}`,
      {
        key: message.processedKey,
      },
    );
  }
};
