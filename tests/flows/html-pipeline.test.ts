import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { type EpisodesSite, expectedEpisodeRecords, startEpisodesSite } from '@sluice/fixtures';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';

// The shipped file asks for one request a second: 2 listing pages and 5 detail pages take ~7 s.
const SITE = { seed: 9, episodes: 6, pageSize: 4 };
const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
/** "December 2, 2013" → 2013-12-02, worked out here without the transformer's date parsing. */
const sqlDate = (text: string) => {
  const [month, day, year] = text.replace(',', '').split(' ');
  return `${year}-${String(MONTHS.indexOf(month as string) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

describe('Flow: pipelines/episodes-html.yaml scrapes a messy HTML site into MariaDB', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let site: EpisodesSite;

  beforeAll(async () => {
    site = await startEpisodesSite(SITE);
    isolated = await createIsolatedPlatform('html');
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', EPISODES_HTML_URL: site.url }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 60_000);
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await site?.close();
    await isolated?.destroy();
  });

  it('loads each row with its detail page, entities decoded and missing cells as NULL', async () => {
    // Act
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, 'episodes-html'));
    const outcome = await waitForRun(deps, runId, { timeoutMs: 60_000 });

    // Assess
    const expected = expectedEpisodeRecords({ ...SITE, url: site.url });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.progress.resources[0]?.records).toMatchObject({
      extracted: expected.length,
      rejected: 0,
    });
    const [rows] = await isolated.platform.warehouse.db.execute(
      sql`select code, name, air_date, page_url, synopsis, runtime_minutes from html_episodes order by code`,
    );
    expect(rows).toEqual(
      expected
        .map((record) => ({ ...record, air_date: sqlDate(record.air_date) }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    );
    expect(expected.some((record) => record.page_url === null)).toBe(true);
    expect(expected.some((record) => /[&'é]/.test(`${record.name}${record.synopsis}`))).toBe(true);
  });
});
