import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, readQueueDepths, serviceEnvOf } from '@sluice/cli';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { sendToDeadLetter } from '@sluice/runtime';
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
    fleet = createServiceFleet(env, isolated.logDir);
    // The console as an operator starts it, with the services' configuration (so they are not foreign).
    console_ = await startConsoleProcess(env);
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
