import { date, datetime, index, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

/**
 * The warehouse. Ids are the source's own, so upserts are keyed on them. There are no foreign keys on
 * purpose: pages of different resources load in any order (a character can arrive before its location).
 */
const createdAt = () => datetime('created_at', { mode: 'string', fsp: 3 }).notNull();

export const locations = mysqlTable('locations', {
  id: int('id').primaryKey(),
  name: varchar('name', { length: 255 }).notNull(),
  type: varchar('type', { length: 255 }).notNull(),
  dimension: varchar('dimension', { length: 255 }).notNull(),
  url: varchar('url', { length: 512 }).notNull(),
  createdAt: createdAt(),
});

export const episodes = mysqlTable('episodes', {
  id: int('id').primaryKey(),
  name: varchar('name', { length: 255 }).notNull(),
  airDate: date('air_date', { mode: 'string' }),
  episodeCode: varchar('episode_code', { length: 16 }).notNull(),
  url: varchar('url', { length: 512 }).notNull(),
  createdAt: createdAt(),
});

export const characters = mysqlTable(
  'characters',
  {
    id: int('id').primaryKey(),
    name: varchar('name', { length: 255 }).notNull(),
    status: varchar('status', { length: 32 }).notNull(),
    species: varchar('species', { length: 255 }).notNull(),
    type: varchar('type', { length: 255 }).notNull(),
    gender: varchar('gender', { length: 32 }).notNull(),
    /** NULL where the API says the origin is "unknown" (empty URL). */
    originLocationId: int('origin_location_id'),
    /** NULL where the API says the location is "unknown" (empty URL). */
    locationId: int('location_id'),
    image: varchar('image', { length: 512 }).notNull(),
    url: varchar('url', { length: 512 }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('characters_location_id_idx').on(table.locationId)],
);

export const characterEpisodes = mysqlTable(
  'character_episodes',
  {
    characterId: int('character_id').notNull(),
    episodeId: int('episode_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.characterId, table.episodeId] }),
    index('character_episodes_episode_id_idx').on(table.episodeId),
  ],
);

/** One row a run: what was asked and how it ended. */
export const sluiceRuns = mysqlTable('sluice_runs', {
  runId: varchar('run_id', { length: 32 }).primaryKey(),
  pipeline: varchar('pipeline', { length: 64 }).notNull(),
  requestedAt: datetime('requested_at', { mode: 'string', fsp: 3 }).notNull(),
  finishedAt: datetime('finished_at', { mode: 'string', fsp: 3 }),
  /** running | succeeded | failed */
  status: varchar('status', { length: 16 }).notNull().default('running'),
});

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
    pagesTotal: int('pages_total').notNull(),
    recordsExtracted: int('records_extracted').notNull(),
    recordsRejected: int('records_rejected').notNull(),
    recordsLoaded: int('records_loaded').notNull(),
    rowsWritten: int('rows_written').notNull(),
    rejectedKey: varchar('rejected_key', { length: 255 }),
    loadedAt: datetime('loaded_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.resource, table.page] })],
);
