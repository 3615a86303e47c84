import { readQueueDepths, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import {
  expectRunLoadedOnce,
  expectWarehouseToEqualSource,
  waitUntilDrained,
} from '../support/warehouse-assertions.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const messagesOf = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [(JSON.parse(line) as { msg?: string }).msg ?? ''];
    } catch {
      return [];
    }
  });

describe('Flow: a service stopped with SIGTERM in the middle of a run', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  // 10 pages of characters, 2 of locations, 2 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 15,
    characters: 197,
    locations: 33,
    episodes: 24,
    invalidCharacters: 3,
  });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('sigterm');
    api = await startRickAndMortyApi({ dataset });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { RICK_AND_MORTY_API_URL: api.url, SQS_WAIT_TIME_SECONDS: '1' }),
      isolated.logDir,
    );
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('finishes the loads in hand before exiting, and the run completes exactly once after a restart', async () => {
    // Prepare: the loader's transactions wait on a table lock, so it holds messages when SIGTERM comes.
    const { platform } = isolated;
    const locker = await createConnection({ uri: isolated.env.DATABASE_URL });
    await locker.query('LOCK TABLES sluice_load_ledger WRITE');
    await fleet.startAll();
    const deps = runDepsOf(platform);
    const runId = await requestRun(deps, rickAndMortyPipeline);
    for (let waited = 0; waited < 30_000; waited += 250) {
      if ((await readQueueDepths(platform.sqs, platform.queues)).load.queue.inFlight > 0) break;
      await sleep(250);
    }

    // Act: SIGTERM while the loads are stuck; let them go a moment later.
    const exit = fleet.signal('loader', 'SIGTERM');
    await sleep(1_500);
    const aliveWhileBusy = fleet.current('loader').child.exitCode === null;
    await locker.query('UNLOCK TABLES');
    await locker.end();
    const { code } = await exit;
    const afterExit = await readQueueDepths(platform.sqs, platform.queues);

    // Assess: it waited for its messages, acknowledged them, and left none hidden.
    expect(aliveWhileBusy).toBe(true);
    expect(code).toBe(0);
    const said = messagesOf(fleet.current('loader').lines);
    const shutdownAt = said.indexOf('shutting down');
    expect(shutdownAt).toBeGreaterThan(-1);
    expect(said.slice(shutdownAt)).toContain('handled');
    expect(said.at(-1)).toBe('stopped');
    expect(afterExit.load.queue.inFlight).toBe(0);

    // Act: a new loader takes over what is left.
    await fleet.start('loader');
    const outcome = await waitForRun(deps, runId, { timeoutMs: 60_000 });
    const { deadLetters } = await waitUntilDrained(platform.sqs, platform.queues);

    // Assess
    expect(outcome.status).toBe('succeeded');
    expect(deadLetters).toBe(0);
    await expectRunLoadedOnce(platform.warehouse.db, runId);
    await expectWarehouseToEqualSource(platform.warehouse.db, dataset);
  });
});
