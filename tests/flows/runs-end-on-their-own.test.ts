import { requestRun, runDepsOf, serviceEnvOf } from '@sluice/cli';
import {
  generateRickAndMortyDataset,
  type InterceptedRequest,
  type InterceptedResponse,
  type RickAndMortyApi,
  startRickAndMortyApi,
} from '@sluice/fixtures';
import { isFinalStatus, type RunProgress, readRunProgress } from '@sluice/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

describe('Flow: runs that nobody waits for end in the run ledger on their own', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  // 3 pages of characters, 1 of locations, 1 of episodes.
  const dataset = generateRickAndMortyDataset({ seed: 7, characters: 55, locations: 12, episodes: 9 });
  let brokenPage: number | null = null;
  const breakOnePage = ({ resource, page }: InterceptedRequest): InterceptedResponse | undefined =>
    resource === 'character' && page === brokenPage
      ? { status: 404, body: '{"error":"There is nothing here"}' }
      : undefined;

  /** Reads the ledger (never writes it) until the run has ended, or 60 s have passed. */
  const ledgerOnceEnded = async (runId: string): Promise<RunProgress | null> => {
    let progress = await readRunProgress(isolated.platform.warehouse.db, runId);
    for (let waited = 0; !isFinalStatus(progress?.status ?? '') && waited < 60_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      progress = await readRunProgress(isolated.platform.warehouse.db, runId);
    }
    return progress;
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('ledger');
    api = await startRickAndMortyApi({ dataset, intercept: breakOnePage });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { RICK_AND_MORTY_API_URL: api.url, ...FAIL_FAST_ENV }),
      isolated.logDir,
    );
    await fleet.startAll();
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('marks a run succeeded when its last page commits', async () => {
    // Act
    const runId = await requestRun(runDepsOf(isolated.platform), rickAndMortyPipeline);
    const progress = await ledgerOnceEnded(runId);

    // Assess
    expect(progress).toMatchObject({ status: 'succeeded', complete: true, failures: [] });
    expect(progress?.finishedAt).toEqual(expect.any(String));
  });

  it('marks a run failed once nothing of it is in flight, naming the dead-lettered page and why', async () => {
    // Prepare
    brokenPage = 2;

    // Act
    const runId = await requestRun(runDepsOf(isolated.platform), rickAndMortyPipeline, { fullRefresh: true });
    const progress = await ledgerOnceEnded(runId);

    // Assess: the other pages loaded; the run names its one missing page.
    expect(progress?.status).toBe('failed');
    expect(progress?.failures).toEqual([
      expect.objectContaining({ stage: 'extract', resource: 'character', page: 2 }),
    ]);
    expect(progress?.failures[0]?.reason).toMatch(/answered 404/);
    const characters = progress?.resources.find(({ resource }) => resource === 'character');
    expect(characters?.pages).toMatchObject({ total: 3, loaded: 2 });

    // And `sluice status` says it where the operator looks.
    const status = await runSluice(isolated.env, 'status', runId);
    expect(status.stdout).toContain('failed');
    expect(status.stdout).toMatch(/character p2 at extract: .*answered 404/);

    // Act again: the source is fixed and the dead letter replayed; the run now completes, on its own.
    brokenPage = null;
    const replay = await runSluice(isolated.env, 'dlq', 'replay', 'extract', '--run', runId);
    expect(replay.code).toBe(0);
    let replayed = await readRunProgress(isolated.platform.warehouse.db, runId);
    for (let waited = 0; replayed?.status !== 'succeeded' && waited < 60_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      replayed = await readRunProgress(isolated.platform.warehouse.db, runId);
    }
    expect(replayed).toMatchObject({ status: 'succeeded', complete: true });
  });
});
