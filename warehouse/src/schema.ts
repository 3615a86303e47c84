import { datetime, index, int, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core';

/**
 * Sluice's own bookkeeping, beside the warehouse tables. The warehouse tables themselves are declared in
 * the pipeline files and created from them (src/tables/).
 */
/** One row a run: what was asked and how it ended. */
export const sluiceRuns = mysqlTable(
  'sluice_runs',
  {
    runId: varchar('run_id', { length: 32 }).primaryKey(),
    pipeline: varchar('pipeline', { length: 64 }).notNull(),
    requestedAt: datetime('requested_at', { mode: 'string', fsp: 3 }).notNull(),
    finishedAt: datetime('finished_at', { mode: 'string', fsp: 3 }),
    /**
     * running; failing (a page is in a DLQ, others are still in flight); then succeeded (every page loaded),
     * failed (nothing left in flight, pages missing) or cancelled. Decided by the run ledger (runs/).
     */
    status: varchar('status', { length: 16 }).notNull().default('running'),
    /** The resources the run extracts, comma-separated: how its progress knows what to wait for. */
    resources: varchar('resources', { length: 1024 }),
  },
  // Listings are newest first and paged by (requested_at, run_id): a page of a long history is one range read.
  (table) => [index('sluice_runs_requested_at').on(table.requestedAt, table.runId)],
);

/**
 * The load ledger: each processed object (key + ETag) loaded once. Claimed in the same transaction as its
 * rows, so a redelivered message finds its claim and changes nothing.
 */
export const sluiceLoadLedger = mysqlTable(
  'sluice_load_ledger',
  {
    objectKey: varchar('object_key', { length: 255 }).notNull(),
    etag: varchar('etag', { length: 80 }).notNull(),
    runId: varchar('run_id', { length: 32 }).notNull(),
    loadedAt: datetime('loaded_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.objectKey, table.etag] })],
);

/** Per run, per page: what the page held and what became of it. The source of `sluice status`. */
export const sluiceRunPages = mysqlTable(
  'sluice_run_pages',
  {
    runId: varchar('run_id', { length: 32 }).notNull(),
    resource: varchar('resource', { length: 64 }).notNull(),
    page: int('page').notNull(),
    /** NULL until the source says how many pages there are (some say so only at their last page). */
    pagesTotal: int('pages_total'),
    /** loaded | skipped (its content equals what was loaded before for the same URL) */
    status: varchar('status', { length: 16 }).notNull().default('loaded'),
    /** The greatest incremental cursor value of the page, as JSON (a string or a number). */
    cursor: varchar('cursor', { length: 255 }),
    recordsExtracted: int('records_extracted').notNull(),
    recordsRejected: int('records_rejected').notNull(),
    recordsLoaded: int('records_loaded').notNull(),
    rowsWritten: int('rows_written').notNull(),
    rejectedKey: varchar('rejected_key', { length: 255 }),
    /** The page's URL (never with a credential) and a SHA-256 of its content; NULL for pages loaded before they were kept. */
    url: text('url'),
    contentHash: varchar('content_hash', { length: 64 }),
    loadedAt: datetime('loaded_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.resource, table.page] })],
);

/**
 * The content hash last loaded for each request (URL) of a resource. The extractor skips a page whose
 * content is unchanged; the loader checks a skip against this table, which is the truth (the extractor
 * reads a copy in S3).
 */
export const sluicePageState = mysqlTable(
  'sluice_page_state',
  {
    pipeline: varchar('pipeline', { length: 64 }).notNull(),
    resource: varchar('resource', { length: 64 }).notNull(),
    urlHash: varchar('url_hash', { length: 64 }).notNull(),
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    runId: varchar('run_id', { length: 32 }).notNull(),
    loadedAt: datetime('loaded_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.pipeline, table.resource, table.urlHash] })],
);

/**
 * The incremental high-water mark per pipeline and resource: moved only when a run has loaded every page of
 * the resource, and never backwards, so a failed page is fetched again by the next run.
 */
export const sluiceCursors = mysqlTable(
  'sluice_cursors',
  {
    pipeline: varchar('pipeline', { length: 64 }).notNull(),
    resource: varchar('resource', { length: 64 }).notNull(),
    /** As JSON, so a number stays a number. */
    value: varchar('value', { length: 255 }).notNull(),
    runId: varchar('run_id', { length: 32 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.pipeline, table.resource] })],
);

/**
 * Pages of a run that a stage dead-lettered, with the reason: what makes a run fail. A run-level failure
 * (its request itself) has no resource (`''`) and page 0. Kept after a replay loads the page: the run's
 * pages then say it was loaded, and the run succeeds all the same.
 */
export const sluiceRunFailures = mysqlTable(
  'sluice_run_failures',
  {
    runId: varchar('run_id', { length: 32 }).notNull(),
    stage: varchar('stage', { length: 16 }).notNull(),
    resource: varchar('resource', { length: 64 }).notNull(),
    page: int('page').notNull(),
    /** What the failed message knew of the resource's page count: how the ledger knows what is left. */
    pagesTotal: int('pages_total'),
    reason: text('reason').notNull(),
    failedAt: datetime('failed_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.stage, table.resource, table.page] })],
);
