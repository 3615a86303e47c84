import { type QueueDepths, requestRun, serviceEnvOf, waitForRun } from '@sluice/cli';
import {
  generateRickAndMortyDataset,
  type InterceptedRequest,
  type InterceptedResponse,
  type RickAndMortyApi,
  startRickAndMortyApi,
} from '@sluice/fixtures';
import { readRunProgress } from '@sluice/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';
import {
  expectRunLoadedOnce,
  expectWarehouseToEqualSource,
  waitUntilDrained,
} from '../support/warehouse-assertions.ts';

const deadLettersIn = (depths: QueueDepths) =>
  Object.fromEntries(
    Object.entries(depths).map(([stage, { deadLetter }]) => [
      stage,
      deadLetter.waiting + deadLetter.inFlight + deadLetter.delayed,
    ]),
  );

describe('Flow: a source that fails some pages until it is fixed, then `sluice dlq replay all`', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  let runId: string;
  // 7 pages of characters (3 malformed), 2 of locations, 2 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 31,
    characters: 130,
    locations: 33,
    episodes: 24,
    invalidCharacters: 3,
  });
  // The switch: broken until the test fixes the source.
  let sourceFixed = false;
  const breakSomePages = ({ resource, page }: InterceptedRequest): InterceptedResponse | undefined => {
    if (sourceFixed) return undefined;
    if (resource === 'character' && page === 3) return { status: 500, body: '{"error":"upstream down"}' };
    // A content-length larger than the body: the server cuts the connection mid-page.
    if (resource === 'location' && page === 2) {
      return { status: 200, headers: { 'content-length': '50000' }, body: '{"info":{"count":33,"pages":2' };
    }
    return undefined;
  };

  const deps = () => ({
    db: isolated.platform.warehouse.db,
    sqs: isolated.platform.sqs,
    queues: isolated.platform.queues,
    clock: { now: () => new Date() },
  });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('faulty');
    api = await startRickAndMortyApi({ dataset, intercept: breakSomePages });
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

  it('ends the run failed with the failing pages in the extract DLQ, each with its reason', async () => {
    // Prepare
    await fleet.startAll();

    // Act
    runId = await requestRun(deps(), rickAndMortyPipeline);
    const outcome = await waitForRun(deps(), runId, { timeoutMs: 60_000 });
    await fleet.stopAll();

    // Assess
    expect(outcome.status).toBe('failed');
    expect(deadLettersIn(outcome.depths)).toEqual({ extract: 2, transform: 0, load: 0 });
    const pages = Object.fromEntries(
      outcome.progress.resources.map((r) => [r.resource, `${r.pages.loaded}/${r.pages.total}`]),
    );
    expect(pages).toEqual({ location: '1/2', episode: '2/2', character: '6/7' });

    const listed = await runSluice(isolated.env, 'dlq', 'list', '--json');
    const [extract] = JSON.parse(listed.stdout).deadLetterQueues;
    const rows = extract.messages.map(
      (m: { resource: string; page: number; attempts: number; reason: string }) => ({
        page: `${m.resource}/${m.page}`,
        attempts: m.attempts,
        reason: m.reason,
      }),
    );
    expect(rows.sort((a: { page: string }, b: { page: string }) => a.page.localeCompare(b.page))).toEqual([
      {
        page: 'character/3',
        attempts: 2,
        reason: expect.stringMatching(/^SourceError: GET http:\S+\/api\/character\?page=3 answered 500/),
      },
      {
        page: 'location/2',
        attempts: 2,
        reason: expect.stringMatching(/^SourceError: GET http:\S+\/api\/location\?page=2 failed: /),
      },
    ]);
  });

  it('loads exactly the source once it is fixed and the dead letters are replayed', async () => {
    // Prepare
    sourceFixed = true;
    await fleet.startAll();

    // Act: replay, and nobody waits on the run: its status must come from its pages.
    const replayed = await runSluice(isolated.env, 'dlq', 'replay', 'all', '--json');
    const db = isolated.platform.warehouse.db;
    for (let waited = 0; !(await readRunProgress(db, runId))?.complete && waited < 60_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const { depths } = await waitUntilDrained(isolated.platform.sqs, isolated.platform.queues);
    const status = await runSluice(isolated.env, 'status', runId, '--json');

    // Assess
    expect(replayed.code).toBe(0);
    expect(
      JSON.parse(replayed.stdout).deadLetterQueues.map((r: { stage: string; moved: number }) => [
        r.stage,
        r.moved,
      ]),
    ).toEqual([
      ['extract', 2],
      ['transform', 0],
      ['load', 0],
    ]);
    expect(deadLettersIn(depths)).toEqual({ extract: 0, transform: 0, load: 0 });
    expect(JSON.parse(status.stdout)).toMatchObject({
      runId,
      status: 'succeeded',
      pages: { loaded: 11, total: 11 },
      records: { extracted: 33 + 24 + 133, rejected: 3, loaded: 33 + 24 + 130 },
    });
    await expectRunLoadedOnce(db, runId);
    await expectWarehouseToEqualSource(db, dataset);
  });
});
