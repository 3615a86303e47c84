import { readQueueDepths, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivatePlatform, type PrivatePlatform } from '../support/private-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import {
  expectRunLoadedOnce,
  expectWarehouseToEqualSource,
  waitUntilDrained,
} from '../support/warehouse-assertions.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOAD_BATCH_SIZE = 2;
const LOAD_CONSUMERS = 2;
/** What the loader can hold at most: a batch per consumer. */
const HELD_AT_MOST = LOAD_BATCH_SIZE * LOAD_CONSUMERS;
// The loader names the warehouse's address and variable, and what to start, then that it holds.
const HOLDING =
  /^cannot reach the warehouse at 127\.0\.0\.1:\d+ \(DATABASE_URL\): connection [\w ]+; is it running\? `npx sluice stack up` starts the local stack: holding messages until it answers$/;

const messagesOf = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg?: string }).msg ?? ''];
    } catch {
      return [];
    }
  });

/** Whether the loader said it holds its messages, naming the warehouse it cannot reach. */
const isHolding = (lines: string[]) => messagesOf(lines).some((message) => HOLDING.test(message));

const waitFor = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); await sleep(200)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
};

describe('Flow: the database down for longer than the loads’ retries', () => {
  let isolated: PrivatePlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  // 10 pages of characters (3 malformed), 2 of locations, 2 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 44,
    characters: 197,
    locations: 33,
    episodes: 24,
    invalidCharacters: 3,
  });
  const totalPages = 10 + 2 + 2;

  beforeAll(async () => {
    isolated = await createPrivatePlatform('outage');
    api = await startRickAndMortyApi({ dataset });
    // Two attempts one second apart: a page that failed on the outage would be in the load DLQ within
    // seconds, well before the database returns.
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        RICK_AND_MORTY_API_URL: api.url,
        SQS_WAIT_TIME_SECONDS: '1',
        SQS_VISIBILITY_TIMEOUT_SECONDS: '3',
        SLUICE_MAX_ATTEMPTS: '2',
        SLUICE_RETRY_BASE_SECONDS: '1',
        LOAD_BATCH_SIZE: String(LOAD_BATCH_SIZE),
        LOAD_CONSUMERS: String(LOAD_CONSUMERS),
      }),
      isolated.logDir,
    );
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('holds the pages while the database is down, releases them on SIGTERM, and loads them all once it is back', async () => {
    // Prepare: the run is recorded, then the database goes away (a clean shutdown) before any page loads.
    const { platform, database } = isolated;
    const runId = await requestRun(runDepsOf(platform), rickAndMortyPipeline);
    await database.stop('SIGTERM');
    const downAt = Date.now();
    await fleet.startAll();

    // Act: the loader meets the outage while the other stages fill its queue.
    await waitFor('the loader to hold its messages', () => isHolding(fleet.current('loader').lines));
    // Pages, not messages: the transformer sends them on in bundles (one message for many pages).
    const handledBy = (service: 'transformer' | 'loader') =>
      messagesOf(fleet.linesOf(service)).filter((message) => message === 'handled').length;
    await waitFor('every page to reach the load queue', async () => {
      const { extract, transform, load } = await readQueueDepths(platform.sqs, platform.queues);
      const upstream = [extract.queue, transform.queue].map((q) => q.waiting + q.inFlight + q.delayed);
      return (
        upstream.every((count) => count === 0) &&
        handledBy('transformer') === totalPages &&
        load.queue.waiting + load.queue.inFlight > 0
      );
    });
    const whileHolding = await readQueueDepths(platform.sqs, platform.queues);
    const loadedWhileDown = handledBy('loader');

    // Act: SIGTERM while it waits for the database.
    const stopping = Date.now();
    const { code } = await fleet.signal('loader', 'SIGTERM');
    const stopSeconds = (Date.now() - stopping) / 1000;
    const afterExit = await readQueueDepths(platform.sqs, platform.queues);

    // Act: a new loader meets the outage too; the database returns long after the pages' retries would
    // have ended, and the run completes.
    await fleet.start('loader');
    await waitFor('the new loader to hold its messages', () => isHolding(fleet.current('loader').lines));
    await sleep(Math.max(0, 8_000 - (Date.now() - downAt)));
    await database.start();
    const outcome = await waitForRun(runDepsOf(platform), runId, { timeoutMs: 60_000 });
    const { deadLetters } = await waitUntilDrained(platform.sqs, platform.queues);

    // Assess: each consumer took one batch and held it, receiving nothing more while the database was down.
    expect(whileHolding.load.queue.inFlight).toBeLessThanOrEqual(HELD_AT_MOST);
    expect(whileHolding.load.queue.waiting + whileHolding.load.queue.inFlight).toBeGreaterThan(0);
    expect(loadedWhileDown).toBe(0);
    // Assess: SIGTERM let go of the held messages at once, instead of waiting for the database.
    expect(code).toBe(0);
    expect(stopSeconds).toBeLessThan(10);
    expect(afterExit.load.queue.inFlight).toBe(0);
    expect(afterExit.load.deadLetter.waiting).toBe(0);
    // Assess: held, not failed: no retries spent, nothing dead-lettered, everything loaded once.
    const said = messagesOf(fleet.linesOf('loader'));
    expect(said).toContain('database is back');
    expect(said).not.toContain('will retry');
    expect(said).not.toContain('dead-lettered');
    expect(outcome.status).toBe('succeeded');
    expect(deadLetters).toBe(0);
    await expectRunLoadedOnce(platform.warehouse.db, runId);
    await expectWarehouseToEqualSource(platform.warehouse.db, dataset);
  });
});
