import type { S3Client } from '@aws-sdk/client-s3';
import {
  ContractError,
  type LoadMessage,
  type PageSkipped,
  type PageTransformed,
  type ProcessedPage,
  ProcessedPageSchema,
  parseJson,
  sha256Hex,
  toSqlDatetime,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { getStagedObject, type PipelineCatalogue, SluiceError } from '@sluice/runtime';
import { and, eq } from 'drizzle-orm';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { WarehouseDb } from './db/connect.ts';
import { sluiceLoadLedger, sluicePageState, sluiceRunPages, sluiceRuns } from './db/schema.ts';
import { retryTransaction } from './db/transaction-retry.ts';
import { type Executor, insertRows, replaceChildRows, upsertRows } from './db/upsert.ts';
import { completeResource, type PublishedState, publishState } from './pipeline-state.ts';

// No gap locks on the child-row deletes, which otherwise deadlock with inserts of neighbouring pages.
const READ_COMMITTED = { isolationLevel: 'read committed' } as const;

export interface LoaderDeps {
  s3: S3Client;
  bucket: string;
  db: WarehouseDb;
  clock: { now: () => Date };
  pipelines: PipelineCatalogue;
  /** The pipeline's warehouse tables, created or evolved from its declaration on first use. */
  tablesOf: (pipeline: PipelineDefinition) => Promise<Record<string, MySqlTable>>;
}

/**
 * The loader's one core function. A transformed page's rows are written in one transaction that also
 * claims the object (key + ETag) in the load ledger, so a second delivery finds the claim and changes
 * nothing; a skipped page (unchanged since it was last loaded) is only counted. Either way the page is
 * recorded for its run, and the run's last page of a resource moves the resource's incremental cursor.
 */
export const handleLoadMessage = async (message: LoadMessage, deps: LoaderDeps) => {
  const pipeline = deps.pipelines.get(message.pipeline);
  const outcome =
    message.type === 'page.skipped'
      ? await recordSkippedPage(message, pipeline, deps)
      : await loadPage(message, pipeline, deps);
  const cursor = await retryTransaction(() => completeResource(deps.db, pipeline, message, deps.clock.now()));
  // After the commits: the copies the extractor reads. Lost if the process dies here, which costs the
  // next run a page it could have skipped (or a page it fetches again), never a row.
  await publishState(deps, { ...outcome.published, cursor });
  return {
    runId: message.runId,
    resource: message.resource,
    page: message.page,
    status: outcome.status,
    rowsWritten: outcome.rowsWritten,
  };
};

interface Outcome {
  status: 'loaded' | 'skipped' | 'duplicate';
  rowsWritten: number;
  published: PublishedState;
}

const loadPage = async (
  message: PageTransformed,
  pipeline: PipelineDefinition,
  deps: LoaderDeps,
): Promise<Outcome> => {
  const tables = await deps.tablesOf(pipeline);
  const object = await getStagedObject(deps.s3, deps.bucket, message.processedKey);
  const page = parseJson(ProcessedPageSchema, object.body, `processed object ${message.processedKey}`);
  assertSamePage(message, page);
  const now = toSqlDatetime(deps.clock.now());
  return retryTransaction(() =>
    deps.db.transaction(async (tx) => {
      const [claim] = await tx
        .insert(sluiceLoadLedger)
        .ignore()
        .values({ objectKey: message.processedKey, etag: object.etag, runId: message.runId, loadedAt: now });
      if (claim.affectedRows === 0) return { status: 'duplicate' as const, rowsWritten: 0, published: {} };
      await recordRun(tx, pipeline, message.runId, now);
      const rowsWritten = await writeTables(tx, pipeline, tables, page);
      await recordPage(tx, message, now, {
        status: 'loaded',
        recordsExtracted: message.records.extracted,
        recordsRejected: message.records.rejected,
        recordsLoaded: message.records.valid,
        rowsWritten,
        rejectedKey: message.rejectedKey,
        cursor: message.cursor === null ? null : JSON.stringify(message.cursor),
      });
      const pageState = await recordPageState(tx, message, now);
      return { status: 'loaded' as const, rowsWritten, published: { pageState } };
    }, READ_COMMITTED),
  );
};

/**
 * The extractor skipped the page because its S3 copy of the page state says it was loaded with the same
 * content. The warehouse is the truth: if it disagrees (a warehouse restored or rebuilt since), the page is
 * dead-lettered with what to do, rather than counted as loaded when its rows are not there.
 */
const recordSkippedPage = async (
  message: PageSkipped,
  pipeline: PipelineDefinition,
  deps: LoaderDeps,
): Promise<Outcome> => {
  const now = toSqlDatetime(deps.clock.now());
  return retryTransaction(() =>
    deps.db.transaction(async (tx) => {
      const [known] = await tx
        .select({ contentHash: sluicePageState.contentHash })
        .from(sluicePageState)
        .where(
          and(
            eq(sluicePageState.pipeline, message.pipeline),
            eq(sluicePageState.resource, message.resource),
            eq(sluicePageState.urlHash, sha256Hex(message.url)),
          ),
        );
      if (known?.contentHash !== message.contentHash) {
        throw new SluiceError(
          `page ${message.url} was skipped as unchanged, but the warehouse has no load of that content: its state in S3 is stale (a rebuilt warehouse?); run \`npx sluice run ${message.pipeline} --full-refresh\``,
          { context: { url: message.url, runId: message.runId }, retryable: false },
        );
      }
      const [claim] = await tx
        .insert(sluiceLoadLedger)
        .ignore()
        .values({
          objectKey: `skipped/${message.pipeline}/${message.resource}/${message.runId}/${message.page}`,
          etag: message.contentHash,
          runId: message.runId,
          loadedAt: now,
        });
      if (claim.affectedRows === 0) return { status: 'duplicate' as const, rowsWritten: 0, published: {} };
      await recordRun(tx, pipeline, message.runId, now);
      await recordPage(tx, message, now, {
        status: 'skipped',
        recordsExtracted: 0,
        recordsRejected: 0,
        recordsLoaded: 0,
        rowsWritten: 0,
        rejectedKey: null,
        cursor: null,
      });
      return { status: 'skipped' as const, rowsWritten: 0, published: {} };
    }, READ_COMMITTED),
  );
};

/** A run requested by a schedule has no row yet: the first page loaded records it, with all resources. */
const recordRun = (tx: Executor, pipeline: PipelineDefinition, runId: string, now: string) =>
  tx
    .insert(sluiceRuns)
    .ignore()
    .values({
      runId,
      pipeline: pipeline.name,
      requestedAt: now,
      resources: Object.keys(pipeline.source.resources).join(','),
    });

const recordPage = (
  tx: Executor,
  message: LoadMessage,
  now: string,
  page: Pick<
    typeof sluiceRunPages.$inferInsert,
    | 'status'
    | 'recordsExtracted'
    | 'recordsRejected'
    | 'recordsLoaded'
    | 'rowsWritten'
    | 'rejectedKey'
    | 'cursor'
  >,
) =>
  upsertRows(tx, sluiceRunPages, [
    {
      runId: message.runId,
      resource: message.resource,
      page: message.page,
      pagesTotal: message.pagesTotal,
      loadedAt: now,
      ...page,
    },
  ]);

const recordPageState = async (tx: Executor, message: PageTransformed, now: string) => {
  const state = {
    pipeline: message.pipeline,
    resource: message.resource,
    urlHash: sha256Hex(message.url),
    contentHash: message.contentHash,
    runId: message.runId,
    loadedAt: now,
  };
  await upsertRows(tx, sluicePageState, [state]);
  return { ...state, url: message.url };
};

/**
 * In the order the page lists them (parents before children), each table as its destination says: upsert,
 * append, or replace the rows of the page's parents.
 */
const writeTables = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  tables: Record<string, MySqlTable>,
  page: ProcessedPage,
): Promise<number> => {
  let written = 0;
  for (const [name, rows] of Object.entries(page.tables)) {
    const table = tables[name];
    const declared = pipeline.destination[name];
    if (!table || !declared) {
      throw new ContractError(
        `processed page writes table ${name}, which pipeline ${pipeline.name} does not declare`,
        {
          table: name,
        },
      );
    }
    if (declared.writeMode === 'replace') {
      const scope = page.replace[name];
      if (!scope)
        throw new ContractError(`processed page replaces ${name} without saying whose rows`, { table: name });
      written += await replaceChildRows(tx, table, scope, rows);
    } else if (declared.writeMode === 'append') {
      written += await insertRows(tx, table, rows);
    } else {
      written += await upsertRows(tx, table, rows);
    }
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
