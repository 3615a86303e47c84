import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, readQueueDepths, serviceEnvOf } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { sendToDeadLetter } from '@sluice/runtime';
import { warehouseSchema } from '@sluice/warehouse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUp } from '../support/clean-up.ts';
import { type ConsoleProcess, startConsoleProcess } from '../support/console-process.ts';
import { launchBrowser } from '../support/headless-browser.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluiceWith } from '../support/sluice-cli.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';

/** Each page's screenshot, kept after the run as the test's artefacts. */
const ARTEFACTS = join(PROJECT_ROOT, '.sluice', 'test-artifacts', 'console');
const SCRIPT = '<script>alert(1)</script>';

// What changes between two reads of the same state: ages and a message's receive count (reading a DLQ
// receives its messages), a consumer's heartbeat. Everything else must be byte for byte the CLI's.
const VOLATILE = new Set(['ageSeconds', 'heartbeatAgeSeconds', 'heartbeatAt', 'receiveCount']);
const withoutVolatile = (text: string): unknown =>
  JSON.parse(text, (key, value) => (VOLATILE.has(key) ? '(volatile)' : value));

describe('Flow: the operator console in a real browser, against LocalStack and MariaDB', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  let console_: ConsoleProcess;
  let browser: Browser;
  let context: BrowserContext;
  let runPage: Page;
  let runId: string;
  let variables: Record<string, string>;
  const requested: string[] = [];
  const browserErrors: string[] = [];
  const dialogs: string[] = [];
  let runPageNavigations = 0;
  // 3 pages of characters (one record malformed), 1 of locations, 1 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 15,
    characters: 45,
    locations: 20,
    episodes: 10,
    invalidCharacters: 1,
  });
  // Character page 2 cannot be extracted until the source is fixed.
  let sourceBroken = true;

  const sluice = (...args: string[]) => runSluiceWith(variables, isolated.env, ...args);
  const depths = () => readQueueDepths(isolated.platform.sqs, isolated.platform.queues);
  const url = (path: string) => `${console_.origin}${path}`;
  const openPage = async (): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return page;
  };
  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    isolated = await createIsolatedPlatform('console');
    api = await startRickAndMortyApi({
      dataset,
      intercept: ({ resource, page }) =>
        sourceBroken && resource === 'character' && page === 2
          ? { status: 500, body: '{"error":"upstream down"}' }
          : undefined,
    });
    variables = { RICK_AND_MORTY_API_URL: api.url, ...FAIL_FAST_ENV };
    const env = serviceEnvOf(isolated.env, variables);
    // The console as an operator starts it, with the services' configuration (so they are not foreign),
    // reading their logs; and the services export their spans to it, as the README tells a user to.
    console_ = await startConsoleProcess(env, ['--logs', isolated.logDir]);
    fleet = createServiceFleet({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: console_.origin }, isolated.logDir);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('request', (request) => requested.push(request.url()));
  });
  afterAll(async () => {
    await cleanUp('the console flow', [
      () => browser?.close(),
      () => console_?.stop(),
      () => fleet?.stopAll(2_000),
      () => api?.close(),
      () => isolated?.destroy(),
    ]);
  });

  it('starts a run with Run now, and the run page follows it live to failed, without a reload', async () => {
    // Prepare: no service polls yet, so the run waits in the extract queue.
    const pipelines = await openPage();
    await pipelines.goto(url('/pipelines'));
    await screenshot(pipelines, 'pipelines');

    // Act
    await pipelines
      .locator('tr[data-pipeline="rickandmorty"]')
      .getByRole('button', { name: 'Run now' })
      .click();
    await pipelines.waitForURL(/\/runs\/\d{8}T\d{6}Z-[0-9a-f]{6}\?notice=/);
    runId = /\/runs\/([^?]+)/.exec(pipelines.url())?.[1] ?? '';
    runPage = pipelines;
    runPage.on('framenavigated', (frame) => {
      if (frame === runPage.mainFrame()) runPageNavigations += 1;
    });
    await runPage.evaluate('window.sluiceMarker = "the same page"');
    const notice = await runPage.getByRole('status').textContent();
    const before = await runPage.locator('#run-status [data-status]').getAttribute('data-status');
    await fleet.startAll();
    await runPage.locator('#run-status [data-status="failed"]').waitFor({ timeout: 90_000 });

    // Assess: requested from the page, then followed by server-sent updates alone.
    expect(notice).toContain(`Run ${runId} requested, but no service polls the queues`);
    expect(before).toBe('running');
    expect(await runPage.evaluate('window.sluiceMarker')).toBe('the same page');
    expect(runPageNavigations).toBe(0);
    expect(Number(await runPage.locator('#live').getAttribute('data-updates'))).toBeGreaterThan(1);
    const character = runPage.locator('#page-grid [data-resource="character"] [data-state]');
    const states = await Promise.all((await character.all()).map((cell) => cell.getAttribute('data-state')));
    expect(states).toEqual(['loaded', 'dead-lettered', 'loaded']);
    expect(await runPage.locator('#failures').textContent()).toContain('character page 2 at extract');
    expect(await runPage.locator('#failures').textContent()).toContain('answered 500');
    // The sections read once a status is reached came along: the page's message in the extract DLQ.
    const deadLetters = await runPage.locator('#run-dead-letters tbody tr').allTextContents();
    expect(deadLetters).toEqual(['extractcharacter21']);
    await screenshot(runPage, 'run-failed');
  });

  it('lists the run with the numbers `sluice runs` and `sluice status` give', async () => {
    // Prepare
    const status = JSON.parse((await sluice('status', runId, '--json')).stdout);
    const runs = await openPage();

    // Act
    await runs.goto(url('/runs?pipeline=rickandmorty'));

    // Assess
    const row = runs.locator(`tr[data-run="${runId}"]`);
    expect(await row.textContent()).toContain('failed');
    expect(await row.textContent()).toContain(`${status.pages.loaded}/${status.pages.total}`);
    expect(await row.textContent()).toContain(String(status.records.extracted));
    expect(status.records.rejected).toBe(1);
    await screenshot(runs, 'runs');
    await runs.close();
  });

  it('serves on /api/ exactly what the matching CLI command prints with --json', async () => {
    // Prepare: what each endpoint must equal, and the command that prints it.
    const pairs: [string, string[]][] = [
      ['/api/runs?pipeline=rickandmorty', ['runs', '--pipeline', 'rickandmorty', '--json']],
      [`/api/runs/${runId}`, ['status', runId, '--json']],
      [`/api/runs/${runId}/rejected`, ['rejected', runId, '--json']],
      ['/api/dlq', ['dlq', 'list', '--json']],
      ['/api/queues', ['queues', '--json']],
      ['/api/pipelines', ['pipelines', '--json']],
      ['/api/consumers', ['consumers', '--json']],
    ];

    for (const [path, args] of pairs) {
      // Act: one after the other, since reading a DLQ hides its messages for the listing's duration.
      const cli = await sluice(...args);
      const served = await fetch(url(path));
      const text = await served.text();

      // Assess
      expect(cli.code, `sluice ${args.join(' ')}: ${cli.stderr}`).toBe(0);
      expect(served.status, path).toBe(200);
      expect(withoutVolatile(text), path).toEqual(withoutVolatile(cli.stdout));
    }
    const detail = JSON.parse((await sluice('status', runId, '--json')).stdout);
    expect(detail.reconciliation.deadLetters.groups).toEqual([
      { stage: 'extract', resource: 'character', pages: [2], messages: 1 },
    ]);
    expect(detail.consumers).toHaveLength(3);
  });

  it('renders a dead letter whose reason and body hold markup as text, and runs none of it', async () => {
    // Prepare: a message dead-lettered by hand, its reason a script.
    const body = {
      version: 1,
      runId: '20261125T150000Z-aaaaaa',
      type: 'page.transformed',
      note: '<img src=x onerror=alert(2)>',
    };
    await sendToDeadLetter(
      isolated.platform.sqs,
      isolated.platform.queues.load.deadLetterUrl,
      JSON.stringify(body),
      {
        stage: 'load',
        reason: SCRIPT,
        attempts: 5,
        failedAt: new Date(),
      },
    );
    const queues = await openPage();
    const dlq = await openPage();

    // Act
    await queues.goto(url('/queues'));
    await dlq.goto(url('/dlq'));
    await dlq.locator('section[data-stage="load"] details summary').click();

    // Assess
    expect(await queues.locator('#dlq-banner').textContent()).toContain('extract 1 message, load 1 message');
    const load = dlq.locator('section[data-stage="load"]');
    expect(await load.locator('h3.reason code').textContent()).toBe(SCRIPT);
    expect(await load.locator('pre').textContent()).toContain('<img src=x onerror=alert(2)>');
    expect(await dlq.locator('main script, main img').count()).toBe(0);
    expect(await dlq.locator('section[data-stage="extract"] h3.reason').textContent()).toContain(
      'answered 500',
    );
    expect(dialogs).toEqual([]);
    await screenshot(queues, 'queues');
    await screenshot(dlq, 'dead-letters');
    await queues.close();
    await dlq.close();
  });

  it('refuses to purge until the stage is named, and purges once it is', async () => {
    // Prepare
    const dlq = await openPage();
    await dlq.goto(url('/dlq'));
    const purge = dlq.locator('section[data-stage="load"] form.purge');

    // Act
    await purge.getByRole('textbox').fill('loa');
    await purge.getByRole('button').click();
    await dlq.waitForURL(/\/dlq\?notice=/);
    const refused = await dlq.getByRole('status').textContent();
    const kept = (await depths()).load.deadLetter.waiting;
    await dlq.locator('section[data-stage="load"] form.purge').getByRole('textbox').fill('load');
    await dlq.locator('section[data-stage="load"] form.purge').getByRole('button').click();
    await dlq.waitForURL(/\/dlq\?notice=/);
    const purged = await dlq.getByRole('status').textContent();

    // Assess
    expect(refused).toBe(
      'Not purged: type load in the box to confirm. A purge deletes, for good, 1 message.',
    );
    expect(kept).toBe(1);
    expect(purged).toMatch(/^Purged the load DLQ t-console-\w+-load-dlq: 1 message$/);
    expect((await depths()).load.deadLetter.waiting).toBe(0);
    await dlq.close();
  });

  it('refuses a form whose CSRF token was taken out, and changes nothing', async () => {
    // Prepare
    const dlq = await openPage();
    await dlq.goto(url('/dlq'));
    const purge = dlq.locator('section[data-stage="extract"] form.purge');
    await dlq.evaluate(
      `document.querySelector('section[data-stage="extract"] form.purge input[name=_csrf]').remove()`,
    );

    // Act
    await purge.getByRole('textbox').fill('extract');
    const [response] = await Promise.all([
      dlq.waitForResponse(url('/dlq/purge')),
      purge.getByRole('button').click(),
    ]);

    // Assess
    expect(response.status()).toBe(403);
    expect(await dlq.locator('#error').textContent()).toBe('Refused: the form has no CSRF token');
    expect((await depths()).extract.deadLetter.waiting).toBe(1);
    await dlq.close();
  });

  it('replays the failed page from the page, and the run page turns to succeeded without a reload', async () => {
    // Prepare: the source is fixed.
    sourceBroken = false;
    const dlq = await openPage();
    await dlq.goto(url('/dlq'));

    // Act
    await dlq
      .locator('section[data-stage="extract"]')
      .getByRole('button', { name: `Replay run ${runId}` })
      .click();
    await dlq.waitForURL(/\/dlq\?notice=/);
    const notice = await dlq.getByRole('status').textContent();
    await runPage.locator('#run-status [data-status="succeeded"]').waitFor({ timeout: 90_000 });

    // Assess
    expect(notice).toBe(
      `extract: moved 1 message of run ${runId} back to the extract queue (received, sent, deleted); 0 left in the DLQ`,
    );
    expect(await runPage.evaluate('window.sluiceMarker')).toBe('the same page');
    expect(runPageNavigations).toBe(0);
    const cells = await runPage.locator('#page-grid .cells [data-state]').all();
    const states = await Promise.all(cells.map((cell) => cell.getAttribute('data-state')));
    expect(states).toEqual(Array(5).fill('loaded'));
    const after = await depths();
    expect(after.extract.deadLetter.waiting + after.extract.deadLetter.inFlight).toBe(0);
    await dlq.reload();
    expect(await dlq.locator('section[data-stage="extract"]').count()).toBe(0);
    expect(await dlq.locator('#dlq-extract').textContent()).toContain('0 waiting');
    expect(await runPage.locator('#failures').textContent()).toContain('character page 2 at extract');
    expect(await runPage.locator('#failures').textContent()).toContain('(loaded since)');
    const settled = await runPage.locator('#settled').textContent();
    expect(settled).toContain("None of this run's messages is in a DLQ.");
    expect(await runPage.locator('#rejected tbody tr').count()).toBe(1);
    await screenshot(runPage, 'run');
    await dlq.close();
  });

  it('opens a page from the grid: its URL, hash, counts, timings, log lines, and one trace across the three stages drawn from the spans the services sent the console', async () => {
    // Prepare: the page that failed, was dead-lettered, replayed and loaded. Its spans reach the console
    // when each service's exporter sends its batch (every few seconds).
    const view = await openPage();
    await view.goto(url(`/runs/${runId}`));
    await view.locator('#page-grid [data-resource="character"] [data-page="2"]').click();
    await view.waitForURL(url(`/runs/${runId}/pages/character/2`));
    const stagesDrawn = async () =>
      new Set(
        await view
          .locator('#waterfall tbody tr')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-stage'))),
      );
    for (let tries = 0; tries < 40 && (await stagesDrawn()).size < 3; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await view.reload();
    }

    // Act
    const rows = view.locator('#waterfall tbody tr');
    const traces = new Set(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-trace'))));
    const failedStages = await view
      .locator('#waterfall tbody tr[data-failed="true"]')
      .evaluateAll((all) => all.map((row) => row.getAttribute('data-stage')));
    const bars = await view
      .locator('#waterfall rect')
      .evaluateAll((all) =>
        all.map((bar) => ({ x: Number(bar.getAttribute('x')), width: Number(bar.getAttribute('width')) })),
      );
    const detail = (await (await fetch(url(`/api/runs/${runId}/pages/character/2`))).json()) as {
      logs: { lines: { line: { page: number } }[] };
      spans: { traceId: string; service: string }[];
    };

    // Assess: the page as the ledger has it.
    expect(await view.locator('#page-facts [data-state]').textContent()).toBe('loaded');
    expect(await view.locator('#page-url').textContent()).toBe(`${api.url}/character?page=2`);
    expect(await view.locator('#page-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await view.locator('#page-records').textContent()).toBe('20 extracted, 0 rejected, 20 loaded');
    expect(await view.locator('#page-failures').textContent()).toContain('answered 500');
    // Its stages' timings and log lines, from the services' logs, every one about this page.
    const timed = await view
      .locator('#page-timings tbody tr')
      .evaluateAll((all) => all.map((row) => row.getAttribute('data-stage')));
    expect(new Set(timed)).toEqual(new Set(['extract', 'transform', 'load']));
    expect(await view.locator('#page-logs tbody tr').count()).toBeGreaterThan(3);
    expect(detail.logs.lines.every((line) => line.line.page === 2)).toBe(true);
    // One trace, across the three stages, the failed extracts before the replay in it too.
    expect(await stagesDrawn()).toEqual(new Set(['extract', 'transform', 'load']));
    expect(traces.size).toBe(1);
    expect(failedStages).toContain('extract');
    expect(detail.spans.map((span) => span.traceId)).toEqual(Array(detail.spans.length).fill([...traces][0]));
    expect(new Set(detail.spans.map((span) => span.service))).toEqual(
      new Set(['extractor', 'transformer', 'loader']),
    );
    // Bars placed on one time line: the first starts at its left edge, none runs past its right.
    expect(Math.min(...bars.map((bar) => bar.x))).toBe(0);
    expect(Math.max(...bars.map((bar) => bar.x + bar.width))).toBeLessThanOrEqual(1001);
    await screenshot(view, 'page');
    await view.close();
  });

  it('pages the runs list by a next link, and a run of many pages by windows of its grid', async () => {
    // Prepare: older runs in the ledger, one of them of 1,500 pages.
    const { sluiceRuns, sluiceRunPages } = warehouseSchema;
    const older = ['20200101T000000Z-00000a', '20200101T000100Z-00000b'];
    await isolated.platform.warehouse.db.insert(sluiceRuns).values(
      older.map((id, index) => ({
        runId: id,
        pipeline: 'rickandmorty',
        requestedAt: `2020-01-01 00:0${index}:00.000`,
        finishedAt: `2020-01-01 00:0${index}:30.000`,
        status: 'succeeded',
        resources: 'character',
      })),
    );
    const large = older[1] ?? '';
    await isolated.platform.warehouse.db.insert(sluiceRunPages).values(
      Array.from({ length: 1_500 }, (_, index) => ({
        runId: large,
        resource: 'character',
        page: index + 1,
        pagesTotal: 1_500,
        recordsExtracted: 20,
        recordsRejected: 0,
        recordsLoaded: 20,
        rowsWritten: 20,
        loadedAt: '2020-01-01 00:01:20.000',
      })),
    );
    const runs = await openPage();

    // Act: the runs two at a time, then the next two.
    await runs.goto(url('/runs?limit=2'));
    const first = await runs
      .locator('#runs tbody tr')
      .evaluateAll((all) => all.map((row) => row.getAttribute('data-run')));
    await runs.locator('#runs-paging a[rel="next"]').click();
    await runs.waitForURL(/before=/);
    const second = await runs
      .locator('#runs tbody tr')
      .evaluateAll((all) => all.map((row) => row.getAttribute('data-run')));
    const nextOnLast = await runs.locator('#runs-paging a[rel="next"]').count();
    const cli = JSON.parse(
      (await sluice('runs', '--limit', '2', '--before', first[1] ?? '', '--json')).stdout,
    );
    // The large run's grid, a thousand pages at a time.
    await runs.goto(url(`/runs/${large}`));
    const window1 = await runs.locator('#page-grid .cells [data-page]').count();
    await runs.locator('#grid-paging a[rel="next"]').click();
    await runs.waitForURL(/from=1001/);
    const window2 = await runs
      .locator('#page-grid .cells [data-page]')
      .evaluateAll((all) => all.map((cell) => Number(cell.getAttribute('data-page'))));

    // Assess
    expect(first).toEqual([runId, large]);
    expect(second).toEqual([older[0]]);
    expect(nextOnLast).toBe(0);
    expect(cli.runs.map((run: { runId: string }) => run.runId)).toEqual([older[0]]);
    expect(cli.next).toBeNull();
    expect(window1).toBe(1_000);
    expect(window2).toEqual(Array.from({ length: 500 }, (_, index) => 1_001 + index));
    expect(await runs.locator('#grid-paging').textContent()).toContain('Pages 1001 to 1500 of 1500');
    await screenshot(runs, 'run-paged');
    await runs.close();
  });

  it('sent no request beyond loopback and logged no error, in the browser or the console', async () => {
    // Prepare
    const consumers = await openPage();
    await consumers.goto(url('/consumers'));
    await screenshot(consumers, 'consumers');

    // Assess
    expect(await consumers.locator('#consumers tbody tr').count()).toBe(3);
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((address) => !address.startsWith(`${console_.origin}/`))).toEqual([]);
    // The one error a page logged: the 403 of the form sent without its token, refused on purpose.
    expect(browserErrors).toEqual([
      expect.stringContaining(
        '/dlq/purge: Failed to load resource: the server responded with a status of 403',
      ),
    ]);
    expect(console_.errors).toEqual([]);
  });
});
