import { readQueueDepths, requestRun, runDepsOf, serviceEnvOf } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { readRunProgress, warehouseSchema } from '@sluice/warehouse';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';
import { waitUntilDrained } from '../support/warehouse-assertions.ts';

describe('Flow: `sluice run cancel` stops a run whose pages are still queued', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  const dataset = generateRickAndMortyDataset({ seed: 11, characters: 70, locations: 25, episodes: 9 });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('cancel');
    api = await startRickAndMortyApi({ dataset });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { RICK_AND_MORTY_API_URL: api.url, ...FAIL_FAST_ENV }),
      isolated.logDir,
    );
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('acknowledges the staged pages without transforming or loading them, and the run ends cancelled', async () => {
    // Prepare: only the extractor runs, so every page is fetched and staged, and waits in the transform queue.
    await fleet.start('extractor');
    const runId = await requestRun(runDepsOf(isolated.platform), rickAndMortyPipeline);
    // Pages staged, from the extractor's lines: the transform queue holds them in bundles, not one a message.
    const stagedPages = () =>
      fleet
        .linesOf('extractor')
        .filter((line) => line.includes('"msg":"handled"') && line.includes('"rawKey"')).length;
    let staged = 0;
    for (let waited = 0; waited < 60_000; waited += 250) {
      const depths = await readQueueDepths(isolated.platform.sqs, isolated.platform.queues);
      const extracting = depths.extract.queue.waiting + depths.extract.queue.inFlight;
      staged = stagedPages();
      if (extracting === 0 && depths.transform.queue.waiting > 0 && staged >= 7) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(staged).toBeGreaterThanOrEqual(7);

    // Act
    const cancel = await runSluice(isolated.env, 'run', 'cancel', runId);
    await Promise.all([fleet.start('transformer'), fleet.start('loader')]);
    await waitUntilDrained(isolated.platform.sqs, isolated.platform.queues);

    // Assess: nothing of the run reached the warehouse, nothing was dead-lettered, the run is cancelled.
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`Run ${runId} cancelled`);
    const progress = await readRunProgress(isolated.platform.warehouse.db, runId);
    expect(progress?.status).toBe('cancelled');
    expect(progress?.finishedAt).toEqual(expect.any(String));
    const pages = await isolated.platform.warehouse.db
      .select()
      .from(warehouseSchema.sluiceRunPages)
      .where(eq(warehouseSchema.sluiceRunPages.runId, runId));
    expect(pages).toEqual([]);
    const transformed = fleet.linesOf('transformer').filter((line) => line.includes('"cancelled":true'));
    expect(transformed.length).toBe(staged);
    const depths = await readQueueDepths(isolated.platform.sqs, isolated.platform.queues);
    expect(Object.values(depths).map(({ deadLetter }) => deadLetter.waiting)).toEqual([0, 0, 0]);

    // And a second cancel says the run has ended already.
    const again = await runSluice(isolated.env, 'run', 'cancel', runId);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toContain('has cancelled already');
  });
});
