import { serviceEnvOf } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { planChaos } from '../support/chaos-plan.ts';
import { CHAOS_SERVICE_ENV, expectRunToRideOutChaos, runUnderChaos } from '../support/chaos-run.ts';
import { createPrivatePlatform, type PrivatePlatform } from '../support/private-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { expectRunLoadedOnce, expectWarehouseToEqualSource } from '../support/warehouse-assertions.ts';

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

  beforeAll(async () => {
    // The warehouse on a MariaDB server of this flow's own, which it kills: the machine's server is shared
    // by every other flow, and by anyone else using it.
    isolated = await createPrivatePlatform('chaos');
    api = await startRickAndMortyApi({ dataset });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { RICK_AND_MORTY_API_URL: api.url, ...CHAOS_SERVICE_ENV }),
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

    // Act: the operator's own command asks for the run and waits for it, through the outage. With the
    // services' own source: a CLI that reads another would be refused as a foreign configuration.
    const run = await runUnderChaos({
      isolated,
      fleet,
      plan,
      pipeline: rickAndMortyPipeline.name,
      totalPages,
      variables: { RICK_AND_MORTY_API_URL: api.url },
    });

    // Assess: every fault landed mid-run, the outage was ridden out, the run succeeded, no dead letter.
    const runId = expectRunToRideOutChaos(run, plan);
    // Assess: nothing lost, nothing twice.
    await expectRunLoadedOnce(isolated.platform.warehouse.db, runId);
    await expectWarehouseToEqualSource(isolated.platform.warehouse.db, dataset);
  });
});
