import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { type CheckingApi, startCheckingApi } from '@sluice/fixtures';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, PAGINATION_STYLES, writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

// One API per way of presenting a credential; each pagination style reads from one of them.
const CREDENTIALS = {
  HEADER: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: 'key-in-a-header' },
  QUERY: { type: 'api_key', in: 'query', name: 'apikey', value: 'key-in-the-query' },
  BEARER: { type: 'bearer', token: 'a-bearer-token' },
} as const;
type Api = keyof typeof CREDENTIALS;
const AUTH: Record<Api, Record<string, unknown>> = {
  HEADER: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '${HEADER_API_KEY}' },
  QUERY: { type: 'api_key', in: 'query', name: 'apikey', value: '${QUERY_API_KEY}' },
  BEARER: { type: 'bearer', token: '${BEARER_API_KEY}' },
};
const APIS = Object.keys(CREDENTIALS) as Api[];

const styles = PAGINATION_STYLES.map((style, index) => ({
  ...style,
  name: `items-${style.route}`,
  api: APIS[index % APIS.length] as Api,
}));

describe('Flow: REST pipelines declared in files, every pagination and auth style, through LocalStack into MariaDB', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  const apis = {} as Record<Api, CheckingApi>;

  const deps = () => runDepsOf(isolated.platform);
  const rowsOf = async (table: string) => {
    const [rows] = await isolated.platform.warehouse.db.execute(
      sql`select id, name, price, updated_at from ${sql.identifier(table)} order by id`,
    );
    return rows as unknown as { id: number; name: string; price: string; updated_at: string }[];
  };

  beforeAll(async () => {
    for (const api of APIS)
      apis[api] = await startCheckingApi({ seed: 11, count: 45, credential: CREDENTIALS[api] });
    const dir = writePipelineFiles([
      ...styles.map((style) =>
        itemsPipeline({ ...style, urlVariable: `${style.api}_API_URL`, auth: AUTH[style.api] }),
      ),
      // The right API, the wrong key.
      itemsPipeline({
        name: 'items-wrong-key',
        route: 'page-total',
        pagination: { type: 'page_number', totalPages: 'meta.pages' },
        records: 'data',
        urlVariable: 'HEADER_API_URL',
        auth: { type: 'api_key', in: 'header', name: 'X-Api-Key', value: '${WRONG_API_KEY}' },
      }),
    ]);
    isolated = await createIsolatedPlatform('rest', { SLUICE_PIPELINES_DIR: dir });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        ...FAIL_FAST_ENV,
        HEADER_API_URL: apis.HEADER.url,
        QUERY_API_URL: apis.QUERY.url,
        BEARER_API_URL: apis.BEARER.url,
        HEADER_API_KEY: CREDENTIALS.HEADER.value,
        QUERY_API_KEY: CREDENTIALS.QUERY.value,
        BEARER_API_KEY: CREDENTIALS.BEARER.token,
        WRONG_API_KEY: 'not-the-key',
      }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 60_000);
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await Promise.all(Object.values(apis).map((api) => api.close()));
    await isolated?.destroy();
  });

  it('loads every item exactly once for each pagination style, with the credential each API demands', async () => {
    // Act: all eight runs at once.
    const runs = await Promise.all(
      styles.map(async (style) => {
        const runId = await requestRun(deps(), await pipelineNamed(isolated.env, style.name));
        return { style, runId };
      }),
    );
    const outcomes = await Promise.all(
      runs.map(({ runId }) => waitForRun(deps(), runId, { timeoutMs: 90_000 })),
    );

    // Assess
    for (const [index, { style }] of runs.entries()) {
      const outcome = outcomes[index];
      expect(outcome?.status, style.name).toBe('succeeded');
      const [resource] = outcome?.progress.resources ?? [];
      expect(resource?.records.extracted, style.name).toBe(45);
      expect(resource?.records.loaded, style.name).toBe(45);
      const expected = apis[style.api].items().map(({ id, name, price, updated_at }) => ({
        id,
        name,
        price,
        updated_at: updated_at.replace('T', ' ').replace('Z', ''),
      }));
      expect(await rowsOf(style.name.replaceAll('-', '_')), style.name).toEqual(expected);
    }
    for (const api of APIS) {
      expect(
        apis[api].requests().every((request) => request.credential === 'accepted'),
        api,
      ).toBe(true);
    }
  });

  it('fails a run whose credential the API refuses, naming the variable, and loads nothing of it', async () => {
    // Act
    const runId = await requestRun(deps(), await pipelineNamed(isolated.env, 'items-wrong-key'));
    const outcome = await waitForRun(deps(), runId, { timeoutMs: 60_000 });

    // Assess
    expect(outcome.status).toBe('failed');
    expect(outcome.progress.resources[0]?.pages.loaded).toBe(0);
    expect(await rowsOf('items_wrong_key')).toEqual([]);
    // The reason is in the run's own output (what run --wait, start and status print), not only the log.
    expect(outcome.progress.failures.map(({ reason }) => reason).join('\n')).toMatch(
      /answered 401: the credential of pipeline items-wrong-key was refused; check WRONG_API_KEY/,
    );
    const extractorLog = fleet.linesOf('extractor').join('\n');
    expect(extractorLog).toMatch(
      /answered 401: the credential of pipeline items-wrong-key was refused; check WRONG_API_KEY/,
    );
    expect(extractorLog).not.toContain('not-the-key');
    expect(fleet.linesOf('extractor').join('\n')).not.toContain(CREDENTIALS.QUERY.value);
  });
});
