import { requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import {
  generateRickAndMortyDataset,
  type InterceptedRequest,
  type InterceptedResponse,
  type RickAndMortyApi,
  startRickAndMortyApi,
} from '@sluice/fixtures';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

describe('Flow: `sluice status` shows which pages of a run wait in which DLQ', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  // 7 pages of characters (3 malformed), 2 of locations (ids 21–33 on the second), 2 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 31,
    characters: 130,
    locations: 33,
    episodes: 24,
    invalidCharacters: 3,
  });
  // Character page 3 cannot be extracted: the source answers 500.
  const failPageThree = ({ resource, page }: InterceptedRequest): InterceptedResponse | undefined =>
    resource === 'character' && page === 3 ? { status: 500, body: '{"error":"upstream down"}' } : undefined;

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('status');
    // Location page 2 cannot be loaded: the warehouse refuses one of its rows.
    const connection = await createConnection({ uri: isolated.env.DATABASE_URL });
    await connection.query(
      `CREATE TRIGGER refuse_location_21 BEFORE INSERT ON locations FOR EACH ROW
       IF NEW.id = 21 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'location 21 refused'; END IF`,
    );
    await connection.end();
    api = await startRickAndMortyApi({ dataset, intercept: failPageThree });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        RICK_AND_MORTY_API_URL: api.url,
        ...FAIL_FAST_ENV,
      }),
      isolated.logDir,
    );
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('lists the dead-lettered pages per stage and resource, beside pages per stage and records that add up', async () => {
    // Prepare
    await fleet.startAll();
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, rickAndMortyPipeline);
    const outcome = await waitForRun(deps, runId, { timeoutMs: 60_000 });
    await fleet.stopAll();

    // Act
    const text = await runSluice(isolated.env, 'status', runId);
    const json = await runSluice(isolated.env, 'status', runId, '--json');

    // Assess: the text names the pages and their DLQs, and shows each resource's pages per stage.
    expect(outcome.status).toBe('failed');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('In DLQs: extract 1 (character p3), load 1 (location p2)');
    expect(text.stdout).toMatch(/location\s+2\s+2\s+2\s+1\s+0\s+1\s+20 = 20 \+ 0/);
    expect(text.stdout).toMatch(/episode\s+2\s+2\s+2\s+2\s+0\s+0\s+24 = 24 \+ 0/);
    expect(text.stdout).toMatch(/character\s+7\s+6\s+6\s+6\s+0\s+1\s+\d+ = \d+ \+ 3/);
    // Assess: the same as JSON, and per resource extracted = loaded + rejected.
    const { reconciliation } = JSON.parse(json.stdout);
    expect(reconciliation.deadLetters).toEqual({
      runId,
      groups: [
        { stage: 'extract', resource: 'character', pages: [3], messages: 1 },
        { stage: 'load', resource: 'location', pages: [2], messages: 1 },
      ],
      unlisted: 0,
    });
    const pages = Object.fromEntries(
      reconciliation.resources.map((r: { resource: string; pages: unknown }) => [r.resource, r.pages]),
    );
    expect(pages).toEqual({
      character: { total: 7, extracted: 6, transformed: 6, loaded: 6, skipped: 0, deadLettered: 1 },
      location: { total: 2, extracted: 2, transformed: 2, loaded: 1, skipped: 0, deadLettered: 1 },
      episode: { total: 2, extracted: 2, transformed: 2, loaded: 2, skipped: 0, deadLettered: 0 },
    });
    for (const resource of reconciliation.resources) {
      expect(resource.reconciles, resource.resource).toBe(true);
      expect(resource.records.extracted).toBe(resource.records.loaded + resource.records.rejected);
    }
  });
});
