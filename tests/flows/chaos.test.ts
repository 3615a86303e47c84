import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readQueueDepths,
  requestRun,
  runDepsOf,
  type ServiceName,
  serviceEnvOf,
  waitForRun,
} from '@sluice/cli';
import type { Stage } from '@sluice/contracts';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosEvent, planChaos } from '../support/chaos-plan.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import {
  expectRunLoadedOnce,
  expectWarehouseToEqualSource,
  waitUntilDrained,
} from '../support/warehouse-assertions.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STAGE_OF: Record<ServiceName, Stage> = {
  extractor: 'extract',
  transformer: 'transform',
  loader: 'load',
};
const SEED = 20261125;

describe('Flow: chaos, services killed at random and the database cut mid-run', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let proxy: TcpProxy;
  let fleet: ServiceFleet;
  // 101 pages of characters (5 malformed), 7 of locations, 3 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 2000,
    characters: 2000,
    locations: 126,
    episodes: 51,
    invalidCharacters: 5,
  });
  const totalPages = 101 + 7 + 3;

  const handledBy = (service: ServiceName) =>
    fleet.linesOf(service).filter((line) => line.includes('"msg":"handled"')).length;

  /** Brings about one fault, once its service has handled its share of the pages; null if the run ended first. */
  const strike = async (event: ChaosEvent, runEnded: () => boolean) => {
    while (handledBy(event.service) < event.atFraction * totalPages && !runEnded()) await sleep(100);
    if (runEnded()) return null;
    const { platform } = isolated;
    const depths = await readQueueDepths(platform.sqs, platform.queues);
    if (event.kind === 'kill') {
      await fleet.signal(event.service, 'SIGKILL');
      await sleep(event.downMs);
      await fleet.start(event.service);
    } else {
      proxy.cut();
      await sleep(event.downMs);
      proxy.restore();
    }
    return { ...event, inFlight: depths[STAGE_OF[event.service]].queue.inFlight };
  };

  /**
   * Runs the plan: one track of faults per service and one for the database, side by side, so that a
   * restart on one track does not hold back the faults of the others.
   */
  const unleash = async (plan: ChaosEvent[], runEnded: () => boolean) => {
    const tracks = Map.groupBy(plan, (event) => (event.kind === 'kill' ? event.service : event.kind));
    const struck = await Promise.all(
      [...tracks.values()].map(async (events) => {
        const done = [];
        for (const event of events) done.push(await strike(event, runEnded));
        return done;
      }),
    );
    return struck.flat();
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('chaos');
    api = await startRickAndMortyApi({ dataset });
    // The loader reaches MariaDB through a proxy the flow can cut: stopping the server itself would take it
    // from every other flow and from anyone else using it.
    const database = new URL(isolated.env.DATABASE_URL);
    proxy = await startTcpProxy({ host: database.hostname, port: Number(database.port || 3306) });
    database.port = String(proxy.port);
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        RICK_AND_MORTY_API_URL: api.url,
        DATABASE_URL: database.toString(),
        SQS_WAIT_TIME_SECONDS: '1',
        // A killed process's messages come back after 5 s; retries wait 2 s, 4 s, 8 s, so that a page
        // survives the outage below within its five attempts.
        SQS_VISIBILITY_TIMEOUT_SECONDS: '5',
        SLUICE_RETRY_BASE_SECONDS: '2',
        // Fewer messages in hand per process: the run lasts long enough for every fault to land mid-way.
        EXTRACT_BATCH_SIZE: '3',
        TRANSFORM_BATCH_SIZE: '3',
        LOAD_BATCH_SIZE: '3',
      }),
      isolated.logDir,
    );
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await proxy?.close();
    await api?.close();
    await isolated?.destroy();
  });

  it('loads the source exactly once: every page, no message left behind, no dead letter', async () => {
    // Prepare: two kills per service and a 4 s database outage, between 5 % and 60 % of the run.
    const plan = planChaos(SEED, { killsPerService: 2, outageMs: 4_000, earliest: 0.05, latest: 0.6 });
    await Promise.all([fleet.start('extractor'), fleet.start('transformer'), fleet.start('loader')]);
    const { platform } = isolated;
    const deps = runDepsOf(platform);

    // Act
    const runId = await requestRun(deps, 'rickandmorty');
    let runEnded = false;
    const chaos = unleash(plan, () => runEnded);
    chaos.catch(() => {}); // awaited below; a failed restart must not surface as an unhandled rejection first
    const outcome = await waitForRun(deps, runId, { timeoutMs: 120_000 }).finally(() => {
      runEnded = true;
    });
    const happened = await chaos;
    // For the post-mortem of a failing run, beside the services' logs.
    writeFileSync(join(isolated.logDir, 'chaos.json'), `${JSON.stringify({ plan, happened }, null, 2)}\n`);
    const { deadLetters } = await waitUntilDrained(platform.sqs, platform.queues, 60_000);

    // Assess: every fault landed while the run was going, and some caught messages in hand.
    expect(happened).toHaveLength(plan.length);
    expect(happened.every((event) => event !== null)).toBe(true);
    expect(happened.some((event) => event?.kind === 'kill' && event.inFlight > 0)).toBe(true);
    expect(fleet.linesOf('loader').some((line) => line.includes('"msg":"will retry"'))).toBe(true);
    // Assess: nothing lost, nothing twice.
    expect(outcome.status).toBe('succeeded');
    expect(deadLetters).toBe(0);
    await expectRunLoadedOnce(platform.warehouse.db, runId);
    await expectWarehouseToEqualSource(platform.warehouse.db, dataset);
  });
});
