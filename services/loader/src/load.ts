import type { S3Client } from '@aws-sdk/client-s3';
import {
  ContractError,
  type LoadMessage,
  type PageSkipped,
  type PageTransformed,
  ProcessedObjectSchema,
  type ProcessedPage,
  parseJson,
  type ReplaceScope,
  type Row,
  sha256Hex,
  stagingKey,
  toSqlDatetime,
} from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { getStagedObject, onceByKey, type PipelineCatalogue, SluiceError } from '@sluice/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { WarehouseDb } from './db/connect.ts';
import { sluiceLoadLedger, sluicePageState, sluiceRunPages, sluiceRuns } from './db/schema.ts';
import { retryTransaction } from './db/transaction-retry.ts';
import { type Executor, insertRows, replaceChildRows, upsertRows } from './db/upsert.ts';
import {
  completeResource,
  type PublishedState,
  publishState,
  withdrawnPageStates,
} from './pipeline-state.ts';

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

/** What became of one message. */
export type LoadResult = {
  runId: string;
  resource: string;
  page: number;
  status: 'loaded' | 'skipped' | 'duplicate';
  rowsWritten: number;
};

/**
 * The loader's one core function. A transformed page's rows are written in one transaction that also
 * claims the object (key + ETag) in the load ledger, so a second delivery finds the claim and changes
 * nothing; a skipped page (unchanged since it was last loaded) is only counted. Either way the page is
 * recorded for its run, and the run's last page of a resource moves the resource's incremental cursor.
 */
export const handleLoadMessage = async (message: LoadMessage, deps: LoaderDeps): Promise<LoadResult> => {
  const [result] = await loadMessages([message], deps);
  if (result?.status !== 'fulfilled') throw result?.reason;
  return result.value;
};

/**
 * Loads several messages at once: the transformed pages of a pipeline in ONE transaction, each table's
 * rows of all the pages in multi-row statements, which saves most of the round trips and commits of a
 * page-at-a-time load. If that transaction fails, each page is loaded alone, so that a bad page fails
 * alone and its neighbours still load. Settles one result per message, in order.
 */
export const loadMessages = async (
  messages: LoadMessage[],
  deps: LoaderDeps,
): Promise<PromiseSettledResult<LoadResult>[]> => {
  const transformed = messages.filter(
    (message): message is PageTransformed => message.type === 'page.transformed',
  );
  const together = transformed.length > 1 ? await loadTogether(transformed, deps).catch(() => null) : null;
  return Promise.allSettled(
    messages.map(async (message) => {
      const loaded = together?.get(message);
      if (loaded) return loaded;
      const pipeline = deps.pipelines.get(message.pipeline);
      const outcome =
        message.type === 'page.skipped'
          ? await recordSkippedPage(message, pipeline, deps)
          : await loadPages([message], pipeline, deps).then((outcomes) => outcomes[0] as Outcome);
      const [result] = await afterCommit([message], pipeline, [outcome], deps);
      return result as LoadResult;
    }),
  );
};

/** Per pipeline, its pages in one transaction; null (so each loads alone) when that cannot be done. */
const loadTogether = async (messages: PageTransformed[], deps: LoaderDeps) => {
  const results = new Map<LoadMessage, LoadResult>();
  const byPipeline = Map.groupBy(messages, (message) => message.pipeline);
  for (const [name, pages] of byPipeline) {
    const pipeline = deps.pipelines.get(name);
    const outcomes = await loadPages(pages, pipeline, deps);
    const done = await afterCommit(pages, pipeline, outcomes, deps);
    for (const [index, message] of pages.entries()) results.set(message, done[index] as LoadResult);
  }
  return results;
};

/**
 * After the commit, once per resource of the pages: if a run now has every page of it, its page hashes
 * and cursor are copied to S3 for the extractor; if a page's content changed before then, the copied
 * hashes are withdrawn. Lost if the process dies here, which costs the next run pages it could have
 * skipped (or fetched again), never a row; a redelivered message does it again.
 */
const afterCommit = async (
  messages: LoadMessage[],
  pipeline: PipelineDefinition,
  outcomes: Outcome[],
  deps: LoaderDeps,
): Promise<LoadResult[]> => {
  const now = deps.clock.now();
  const runResources = [
    ...new Map(messages.map((message) => [`${message.runId} ${message.resource}`, message])).values(),
  ];
  const completed = (
    await Promise.all(
      runResources.map((message) =>
        retryTransaction(() => completeResource(deps.db, pipeline, message, now)),
      ),
    )
  ).filter((state): state is PublishedState => state !== null);
  const republished = new Set(completed.map(({ resource }) => resource));
  const changed = new Set(
    messages.filter((_, index) => outcomes[index]?.changed).map(({ resource }) => resource),
  );
  const withdrawn = [...changed]
    .filter((resource) => !republished.has(resource))
    .map((resource) => withdrawnPageStates(pipeline.name, resource, now));
  await Promise.all([...completed, ...withdrawn].map((state) => publishState(deps, state)));
  return messages.map((message, index) => ({
    runId: message.runId,
    resource: message.resource,
    page: message.page,
    status: outcomes[index]?.status ?? 'duplicate',
    rowsWritten: outcomes[index]?.rowsWritten ?? 0,
  }));
};

interface Outcome {
  status: 'loaded' | 'skipped' | 'duplicate';
  rowsWritten: number;
  /** The page's URL was loaded before with other content. */
  changed: boolean;
}

interface StagedPage {
  message: PageTransformed;
  page: ProcessedPage;
  /** What the load ledger records for the page: with the key, it identifies what was loaded. */
  claim: { objectKey: string; etag: string };
}

/**
 * The messages' pages, each object read once however many of them it holds. A page of a shared object
 * is claimed under its own page key and a hash of its rows, so that a page transformed again (and
 * grouped with other pages this time) is still recognised as loaded; a lone page object, as earlier
 * versions wrote them, is claimed by its key and ETag as before.
 */
const readProcessedPages = async (messages: PageTransformed[], deps: LoaderDeps): Promise<StagedPage[]> => {
  const objectAt = onceByKey((key) => readProcessedObject(key, deps));
  return Promise.all(
    messages.map(async (message) => {
      const object = await objectAt(message.processedKey);
      const page = object.pages.find(
        (candidate) =>
          candidate.runId === message.runId &&
          candidate.resource === message.resource &&
          candidate.page === message.page,
      );
      if (!page) {
        const held = object.pages.map(
          (candidate) => `${candidate.runId}/${candidate.resource}/${candidate.page}`,
        );
        throw new ContractError(
          `processed object ${message.processedKey} holds page ${held.join(', ')}, not ${message.runId}/${message.resource}/${message.page}`,
          { key: message.processedKey },
        );
      }
      const claim = object.grouped
        ? { objectKey: stagingKey('processed', message), etag: sha256Hex(JSON.stringify(page)) }
        : { objectKey: message.processedKey, etag: object.etag };
      return { message, page, claim };
    }),
  );
};

const readProcessedObject = async (key: string, deps: LoaderDeps) => {
  const object = await getStagedObject(deps.s3, deps.bucket, key);
  return { etag: object.etag, ...parseJson(ProcessedObjectSchema, object.body, `processed object ${key}`) };
};

/** The pages of one pipeline in one transaction; one outcome per page, in order. */
const loadPages = async (
  messages: PageTransformed[],
  pipeline: PipelineDefinition,
  deps: LoaderDeps,
): Promise<Outcome[]> => {
  const tables = await deps.tablesOf(pipeline);
  const staged = await readProcessedPages(messages, deps);
  const now = toSqlDatetime(deps.clock.now());
  return retryTransaction(() =>
    deps.db.transaction(async (tx) => {
      const claimed = await claimObjects(tx, staged, now);
      const fresh = staged.filter((page) => claimed.has(page));
      for (const runId of new Set(fresh.map(({ message }) => message.runId))) {
        await recordRun(tx, pipeline, runId, now);
      }
      await writeTables(
        tx,
        pipeline,
        tables,
        fresh.map(({ page }) => page),
      );
      const written = fresh.map(({ page }) =>
        Object.values(page.tables).reduce((sum, rows) => sum + rows.length, 0),
      );
      await recordPages(
        tx,
        fresh.map(({ message }, index) => ({
          message,
          status: 'loaded' as const,
          recordsExtracted: message.records.extracted,
          recordsRejected: message.records.rejected,
          recordsLoaded: message.records.valid,
          rowsWritten: written[index] ?? 0,
          rejectedKey: message.rejectedKey,
          cursor: message.cursor === null ? null : JSON.stringify(message.cursor),
        })),
        now,
      );
      const changed = await recordPageStates(
        tx,
        fresh.map(({ message }) => message),
        now,
      );
      return staged.map((page): Outcome => {
        const index = fresh.indexOf(page);
        return index < 0
          ? { status: 'duplicate', rowsWritten: 0, changed: false }
          : { status: 'loaded', rowsWritten: written[index] ?? 0, changed: changed[index] ?? false };
      });
    }, READ_COMMITTED),
  );
};

/**
 * Claims each object (key + ETag) in the load ledger; returns those claimed now (the others were loaded
 * before). A page alone is claimed with INSERT IGNORE; several at once are looked up first and inserted
 * plainly, so that a claim another loader made in between fails the transaction (and each page then
 * loads alone) instead of being counted as ours.
 */
const claimObjects = async (tx: Executor, staged: StagedPage[], now: string): Promise<Set<StagedPage>> => {
  const claimOf = ({ message, claim }: StagedPage) => ({ ...claim, runId: message.runId, loadedAt: now });
  const [only] = staged;
  if (staged.length === 1 && only) {
    const [claim] = await tx.insert(sluiceLoadLedger).ignore().values(claimOf(only));
    return new Set(claim.affectedRows > 0 ? [only] : []);
  }
  const known = await tx
    .select({ objectKey: sluiceLoadLedger.objectKey, etag: sluiceLoadLedger.etag })
    .from(sluiceLoadLedger)
    .where(
      inArray(
        sluiceLoadLedger.objectKey,
        staged.map(({ claim }) => claim.objectKey),
      ),
    );
  const loaded = new Set(known.map(({ objectKey, etag }) => `${objectKey} ${etag}`));
  const seen = new Set<string>();
  const fresh = staged.filter(({ claim }) => {
    const id = `${claim.objectKey} ${claim.etag}`;
    if (loaded.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (fresh.length > 0) await tx.insert(sluiceLoadLedger).values(fresh.map(claimOf));
  return new Set(fresh);
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
      // A page this very run already loaded (its extraction ran twice: a redelivery, a killed extractor)
      // reads as unchanged the second time: its first load stands, counts and all.
      const [recorded] = await tx
        .select({ status: sluiceRunPages.status })
        .from(sluiceRunPages)
        .where(
          and(
            eq(sluiceRunPages.runId, message.runId),
            eq(sluiceRunPages.resource, message.resource),
            eq(sluiceRunPages.page, message.page),
          ),
        );
      if (recorded) return { status: 'duplicate' as const, rowsWritten: 0, changed: false };
      const [claim] = await tx
        .insert(sluiceLoadLedger)
        .ignore()
        .values({
          objectKey: `skipped/${message.pipeline}/${message.resource}/${message.runId}/${message.page}`,
          etag: message.contentHash,
          runId: message.runId,
          loadedAt: now,
        });
      if (claim.affectedRows === 0) return { status: 'duplicate' as const, rowsWritten: 0, changed: false };
      await recordRun(tx, pipeline, message.runId, now);
      await recordPages(
        tx,
        [
          {
            message,
            status: 'skipped',
            recordsExtracted: 0,
            recordsRejected: 0,
            recordsLoaded: 0,
            rowsWritten: 0,
            rejectedKey: null,
            cursor: null,
          },
        ],
        now,
      );
      return { status: 'skipped' as const, rowsWritten: 0, changed: false };
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

type PageRecord = Pick<
  typeof sluiceRunPages.$inferInsert,
  | 'status'
  | 'recordsExtracted'
  | 'recordsRejected'
  | 'recordsLoaded'
  | 'rowsWritten'
  | 'rejectedKey'
  | 'cursor'
> & { message: LoadMessage };

const recordPages = (tx: Executor, pages: PageRecord[], now: string) =>
  upsertRows(
    tx,
    sluiceRunPages,
    pages.map(({ message, ...page }) => ({
      runId: message.runId,
      resource: message.resource,
      page: message.page,
      pagesTotal: message.pagesTotal,
      loadedAt: now,
      ...page,
    })),
  );

/** Records the content hash loaded for each page's URL; says, per page, whether it replaced another. */
const recordPageStates = async (
  tx: Executor,
  messages: PageTransformed[],
  now: string,
): Promise<boolean[]> => {
  if (messages.length === 0) return [];
  const states = messages.map((message) => ({
    pipeline: message.pipeline,
    resource: message.resource,
    urlHash: sha256Hex(message.url),
    contentHash: message.contentHash,
    runId: message.runId,
    loadedAt: now,
  }));
  const before = await tx
    .select({
      resource: sluicePageState.resource,
      urlHash: sluicePageState.urlHash,
      contentHash: sluicePageState.contentHash,
    })
    .from(sluicePageState)
    .where(
      and(
        eq(sluicePageState.pipeline, messages[0]?.pipeline ?? ''),
        inArray(
          sluicePageState.urlHash,
          states.map(({ urlHash }) => urlHash),
        ),
      ),
    );
  const previous = new Map(before.map((row) => [`${row.resource} ${row.urlHash}`, row.contentHash]));
  await upsertRows(tx, sluicePageState, states);
  return states.map((state) => {
    const was = previous.get(`${state.resource} ${state.urlHash}`);
    return was !== undefined && was !== state.contentHash;
  });
};

/**
 * The pages' rows, each table in multi-row statements for all the pages at once, tables in the order the
 * pages list them (parents before children), each as its destination says: upsert, append, or replace
 * the rows of the pages' parents.
 */
const writeTables = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  tables: Record<string, MySqlTable>,
  pages: ProcessedPage[],
): Promise<void> => {
  const merged = mergePages(pages);
  for (const [name, rows] of merged.tables) {
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
      const scope = merged.replace.get(name);
      if (!scope)
        throw new ContractError(`processed page replaces ${name} without saying whose rows`, { table: name });
      await replaceChildRows(tx, table, scope, rows);
    } else if (declared.writeMode === 'append') {
      await insertRows(tx, table, rows);
    } else {
      await upsertRows(tx, table, rows);
    }
  }
};

/**
 * The pages' tables and replace scopes put together. Two pages replacing the same parent's rows cannot
 * be (the rows of both would stay): the transaction then fails and each page loads alone.
 */
const mergePages = (pages: ProcessedPage[]) => {
  const tables = new Map<string, Row[]>();
  const replace = new Map<string, ReplaceScope>();
  const parents = new Set<string>();
  for (const page of pages) {
    for (const [name, rows] of Object.entries(page.tables))
      tables.set(name, [...(tables.get(name) ?? []), ...rows]);
    for (const [name, scope] of Object.entries(page.replace)) {
      for (const key of scope.keys) {
        const id = `${name} ${JSON.stringify(key)}`;
        if (parents.has(id))
          throw new Error(`two pages of the batch replace the ${name} rows of ${JSON.stringify(key)}`);
        parents.add(id);
      }
      const merged = replace.get(name);
      replace.set(name, merged ? { columns: merged.columns, keys: [...merged.keys, ...scope.keys] } : scope);
    }
  }
  return { tables, replace };
};
