import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readQueueDepths, type ServiceName, serviceEnvOf } from '@sluice/cli';
import type { Stage } from '@sluice/contracts';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChaosEvent, planChaos } from '../support/chaos-plan.ts';
import { createPrivatePlatform, type PrivatePlatform } from '../support/private-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluiceWith } from '../support/sluice-cli.ts';
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

describe('Flow: chaos, services killed at random and the database server killed mid-run', () => {
  let isolated: PrivatePlatform;
  let api: RickAndMortyApi;
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
  const loaderSaid = (msg: string) => fleet.linesOf('loader').some((line) => line.includes(`"msg":"${msg}"`));

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
      // A crash, not a shutdown: connections drop mid-transaction, and InnoDB recovers on the restart.
      await isolated.database.stop('SIGKILL');
      await sleep(event.downMs);
      await isolated.database.start();
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
    // The warehouse on a MariaDB server of this flow's own, which it kills: the machine's server is shared
    // by every other flow, and by anyone else using it.
    isolated = await createPrivatePlatform('chaos');
    api = await startRickAndMortyApi({ dataset });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        RICK_AND_MORTY_API_URL: api.url,
        SQS_WAIT_TIME_SECONDS: '1',
        // A killed process's messages come back after 5 s; other failures are retried after 2 s, 4 s, 8 s.
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
    await api?.close();
    await isolated?.destroy();
  });

  it('loads the source exactly once: every page, no message left behind, no dead letter', async () => {
    // Prepare: two kills per service and the database server killed for 10 s, between 5 % and 60 % of the run.
    const plan = planChaos(SEED, { killsPerService: 2, outageMs: 10_000, earliest: 0.05, latest: 0.6 });
    await fleet.startAll();
    const { platform } = isolated;

    // Act: the operator's own command asks for the run and waits for it, through the outage.
    let runEnded = false;
    // With the services' own source: a CLI that reads another would be refused as a foreign configuration.
    const source = { RICK_AND_MORTY_API_URL: api.url };
    const waiting = runSluiceWith(source, isolated.env, 'run', rickAndMortyPipeline.name, '--wait', '--json');
    const chaos = unleash(plan, () => runEnded);
    chaos.catch(() => {}); // awaited below; a failed restart must not surface as an unhandled rejection first
    const command = await waiting.finally(() => {
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
    // Assess: the loader held its pages through the outage instead of spending their retries.
    expect(loaderSaid('database unreachable: holding messages until it answers')).toBe(true);
    expect(loaderSaid('database is back')).toBe(true);
    // Assess: the waiting command rode out the outage, said so, and ended with the run.
    expect(command.code, command.stderr).toBe(0);
    expect(command.stderr).toMatch(/warehouse unreachable, retrying \(\d+ s\)/);
    const outcome = JSON.parse(command.stdout) as { runId: string; status: string };
    const { runId } = outcome;
    // Assess: nothing lost, nothing twice.
    expect(outcome.status).toBe('succeeded');
    expect(deadLetters).toBe(0);
    await expectRunLoadedOnce(platform.warehouse.db, runId);
    await expectWarehouseToEqualSource(platform.warehouse.db, dataset);
  });
});
