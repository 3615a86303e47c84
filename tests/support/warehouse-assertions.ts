import type { SQSClient } from '@aws-sdk/client-sqs';
import { pipelineIsIdle, type QueueDepths, readQueueDepths } from '@sluice/cli';
import type { RickAndMortyDataset } from '@sluice/fixtures';
import type { QueueUrls } from '@sluice/runtime';
import { readRunProgress, type WarehouseDb, warehouseSchema } from '@sluice/warehouse';
import { asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { expectedAirDate, expectedCharacter, expectedLinks, isWellFormed } from './expected-rows.ts';
import { rickAndMortyTables } from './rickandmorty-tables.ts';

const { sluiceLoadLedger } = warehouseSchema;
const { characters, characterEpisodes, episodes, locations } = rickAndMortyTables;

/** Asserts that the warehouse holds exactly the dataset's well-formed records and links: none missing, none extra. */
export const expectWarehouseToEqualSource = async (db: WarehouseDb, dataset: RickAndMortyDataset) => {
  expect(
    await db
      .select()
      .from(characters)
      .orderBy(asc(characters.id as never)),
  ).toEqual(dataset.characters.filter(isWellFormed).map(expectedCharacter));
  const links = (await db.select().from(characterEpisodes))
    .map((link) => `${link.character_id}:${link.episode_id}`)
    .sort();
  expect(links).toEqual(expectedLinks(dataset));
  const episodeRows = await db
    .select()
    .from(episodes)
    .orderBy(asc(episodes.id as never));
  expect(episodeRows.map((row) => [row.id, row.name, row.episode_code, row.air_date])).toEqual(
    dataset.episodes.map((e) => [e.id, e.name, e.episode, expectedAirDate(e.air_date)]),
  );
  const locationRows = await db
    .select()
    .from(locations)
    .orderBy(asc(locations.id as never));
  expect(locationRows.map((row) => [row.id, row.name, row.type, row.dimension])).toEqual(
    dataset.locations.map((l) => [l.id, l.name, l.type, l.dimension]),
  );
};

/**
 * Asserts that every page of the run is loaded, once: one ledger claim per page, and per resource the
 * records extracted are the records loaded plus those rejected.
 */
export const expectRunLoadedOnce = async (db: WarehouseDb, runId: string) => {
  const progress = await readRunProgress(db, runId);
  expect(progress?.complete).toBe(true);
  expect(progress?.status).toBe('succeeded');
  let pages = 0;
  for (const { resource, pages: done, records } of progress?.resources ?? []) {
    expect(done.loaded, resource).toBe(done.total);
    expect(records.extracted, resource).toBe(records.loaded + records.rejected);
    pages += done.total ?? 0;
    expect(done.loaded - done.skipped).toBeGreaterThanOrEqual(0);
  }
  const [claims] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(sluiceLoadLedger)
    .where(eq(sluiceLoadLedger.runId, runId));
  expect(claims?.count).toBe(pages);
};

const messagesIn = (depths: QueueDepths, which: 'queue' | 'deadLetter') =>
  Object.values(depths).reduce(
    (sum, depth) => sum + depth[which].waiting + depth[which].inFlight + depth[which].delayed,
    0,
  );

/**
 * Waits until no queue holds a message (waiting, in flight or delayed), seen twice in a row since SQS's
 * counts are approximate; returns the depths then. Duplicates still on their way are handled by then.
 */
export const waitUntilDrained = async (
  sqs: SQSClient,
  queues: QueueUrls,
  timeoutMs = 60_000,
): Promise<{ depths: QueueDepths; deadLetters: number }> => {
  const started = Date.now();
  let idleReads = 0;
  for (;;) {
    const depths = await readQueueDepths(sqs, queues);
    idleReads = pipelineIsIdle(depths) ? idleReads + 1 : 0;
    if (idleReads >= 2) return { depths, deadLetters: messagesIn(depths, 'deadLetter') };
    if (Date.now() - started > timeoutMs) {
      throw new Error(`the queues still hold ${messagesIn(depths, 'queue')} messages after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};
