import { requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { writePipelineFiles } from '../support/pipeline-files.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

/**
 * For one describe block: an isolated platform (with these pipeline files, else the shipped ones), the
 * Rick and Morty API serving `dataset`, and the three services, all stopped after it.
 */
const useServicesOn = (
  label: string,
  dataset: ReturnType<typeof generateRickAndMortyDataset>,
  pipelines?: Record<string, unknown>[],
) => {
  let isolated: IsolatedPlatform | undefined;
  let api: RickAndMortyApi | undefined;
  let fleet: ServiceFleet | undefined;
  beforeAll(async () => {
    isolated = await createIsolatedPlatform(
      label,
      pipelines ? { SLUICE_PIPELINES_DIR: writePipelineFiles(pipelines) } : {},
    );
    api = await startRickAndMortyApi({ dataset });
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
  return {
    isolated: (): IsolatedPlatform => {
      if (!isolated) throw new Error('the platform is not up yet');
      return isolated;
    },
  };
};

describe('Flow: a run whose every record of a resource is rejected fails, and says why', () => {
  // Only broken characters, one defect each: the resource loads nothing.
  const dataset = generateRickAndMortyDataset({
    seed: 9,
    characters: 0,
    locations: 5,
    episodes: 4,
    invalidCharacters: 30,
  });
  const { isolated } = useServicesOn('rejected', dataset);

  it('ends failed with every page loaded, and `sluice rejected` lists each record with its reason', async () => {
    // Act
    const runId = await requestRun(runDepsOf(isolated().platform), rickAndMortyPipeline);
    const outcome = await waitForRun(runDepsOf(isolated().platform), runId, { timeoutMs: 60_000 });
    const status = await runSluice(isolated().env, 'status', runId);
    const rejected = await runSluice(isolated().env, 'rejected', runId, '--resource', 'character', '--json');
    const table = await runSluice(isolated().env, 'rejected', runId, '--limit', '5');

    // Assess: every page loaded, yet the run failed, and the operator is told where to look.
    expect(outcome.status).toBe('failed');
    expect(outcome.progress.complete).toBe(true);
    expect(outcome.progress.failures).toEqual([]);
    expect(status.stdout).toContain(
      `Every one of the 30 records of character was rejected, so the run failed: \`npx sluice rejected ${runId} --resource character\``,
    );
    const listed = JSON.parse(rejected.stdout) as {
      total: number;
      rejections: { resource: string; reason: string }[];
    };
    expect(listed.total).toBe(30);
    expect(listed.rejections).toHaveLength(30);
    expect(
      listed.rejections.every(
        (rejection) => rejection.resource === 'character' && rejection.reason.length > 0,
      ),
    ).toBe(true);
    expect(table.stdout).toContain(`Run ${runId} (rickandmorty) rejected 30 records:`);
    expect(table.stdout).toContain('… and 25 more');
  });
});

describe('Flow: a pipeline that fails a run at a share of rejected records (rejections.failAt)', () => {
  // 20 good characters and 5 broken ones: a fifth of the resource is rejected.
  const dataset = generateRickAndMortyDataset({
    seed: 10,
    characters: 20,
    locations: 5,
    episodes: 4,
    invalidCharacters: 5,
  });
  const strict = { ...rickAndMortyPipeline, rejections: { failAt: 0.1 } };
  const { isolated } = useServicesOn('failat', dataset, [strict]);

  it('ends failed with the good records loaded, naming the share the file allows', async () => {
    // Act
    const runId = await requestRun(runDepsOf(isolated().platform), strict);
    const outcome = await waitForRun(runDepsOf(isolated().platform), runId, { timeoutMs: 60_000 });
    const status = await runSluice(isolated().env, 'status', runId);

    // Assess
    expect(outcome.status).toBe('failed');
    expect(outcome.progress.complete).toBe(true);
    const characters = outcome.progress.resources.find(({ resource }) => resource === 'character');
    expect(characters?.records).toEqual({ extracted: 25, rejected: 5, loaded: 20 });
    expect(status.stdout).toContain(
      "5 of the 25 records of character were rejected, at least the 0.1 the pipeline's rejections.failAt allows, so the run failed",
    );
    // The reasons themselves, where the user is looking: the commonest per resource, with counts.
    expect(status.stdout).toMatch(/resource +records +commonest reasons\n +character +\d+ +\S/);
  });
});
