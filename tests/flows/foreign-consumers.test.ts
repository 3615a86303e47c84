import {
  ForeignConsumersError,
  peekEarlierMessages,
  readQueueDepths,
  runPipelineLocally,
  serviceEnvOf,
} from '@sluice/cli';
import { generateRickAndMortyDataset } from '@sluice/fixtures';
import {
  type Announcement,
  announceConsumer,
  fingerprintOfProcess,
  pipelinesDirOf,
  silentLogger,
} from '@sluice/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createIsolatedPlatform,
  type IsolatedPlatform,
  silentDisplay,
} from '../support/isolated-platform.ts';
import { runSluice } from '../support/sluice-cli.ts';

/** What waits, in flight or not, in the extract queue: where `sluice run` sends its request. */
const extractQueueDepth = async (isolated: IsolatedPlatform) => {
  const { extract } = await readQueueDepths(isolated.platform.sqs, isolated.platform.queues);
  return extract.queue.waiting + extract.queue.inFlight + extract.queue.delayed;
};

describe('Flow: `sluice run` refuses while a consumer with another configuration polls (issue #11)', () => {
  let isolated: IsolatedPlatform;
  let announcement: Announcement | undefined;
  // What the services `sluice services` would start from this environment see.
  const servicesEnv = () => ({ ...process.env, ...serviceEnvOf(isolated.env) });
  // A leftover poller started with another API URL (its address is never called: only its hash is kept).
  const announceForeign = async () =>
    announceConsumer({
      s3: isolated.platform.s3,
      bucket: isolated.platform.bucket,
      stage: 'extract',
      fingerprint: await fingerprintOfProcess(
        { ...servicesEnv(), RICK_AND_MORTY_API_URL: 'http://127.0.0.1:9/elsewhere/api' },
        pipelinesDirOf(serviceEnvOf(isolated.env)),
      ),
      log: silentLogger(),
      pid: 424242,
      host: 'forgotten-terminal',
    });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('foreign');
  });
  afterEach(async () => {
    await announcement?.stop();
    announcement = undefined;
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('stops before sending anything, naming the foreign consumer and what differs', async () => {
    // Prepare
    announcement = await announceForeign();

    // Act
    const result = await runSluice(isolated.env, 'run', 'rickandmorty');

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('refusing to run');
    expect(result.stderr).toContain('pid 424242 on forgotten-terminal (extract stage');
    expect(result.stderr).toContain('differing in the variables they name: RICK_AND_MORTY_API_URL');
    expect(result.stderr).not.toContain('elsewhere');
    expect(await extractQueueDepth(isolated)).toBe(0);
  });

  it('lists the consumer in `sluice status --json`, with what differs', async () => {
    // Prepare
    announcement = await announceForeign();

    // Act
    const result = await runSluice(isolated.env, 'status', '--json');

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).consumers).toEqual([
      expect.objectContaining({
        stage: 'extract',
        pid: 424242,
        host: 'forgotten-terminal',
        differences: ['the variables they name: RICK_AND_MORTY_API_URL'],
      }),
    ]);
  });

  it('lets a consumer with the same configuration take the run', async () => {
    // Prepare
    announcement = await announceConsumer({
      s3: isolated.platform.s3,
      bucket: isolated.platform.bucket,
      stage: 'extract',
      fingerprint: await fingerprintOfProcess(servicesEnv()),
      log: silentLogger(),
    });
    const before = await extractQueueDepth(isolated);

    // Act
    const result = await runSluice(isolated.env, 'run', 'rickandmorty');

    // Assess
    expect(result.code).toBe(0);
    expect(await extractQueueDepth(isolated)).toBe(before + 1);
  });

  it('goes on with --force, saying so', async () => {
    // Prepare
    announcement = await announceForeign();
    const before = await extractQueueDepth(isolated);

    // Act
    const result = await runSluice(isolated.env, 'run', 'rickandmorty', '--force');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Going on (--force), although');
    expect(result.stdout).toMatch(/^Run \S+ requested/);
    expect(await extractQueueDepth(isolated)).toBe(before + 1);
  });

  it('stops `npm start` before its services start, naming the foreign consumer', async () => {
    // Prepare
    announcement = await announceForeign();
    const before = await extractQueueDepth(isolated);
    const said: string[] = [];

    // Act
    const act = runPipelineLocally({
      env: isolated.env,
      pipeline: 'rickandmorty',
      dataset: generateRickAndMortyDataset({ seed: 1, characters: 20, locations: 20, episodes: 20 }),
      logDir: isolated.logDir,
      display: silentDisplay,
      say: (line) => said.push(line),
    });

    // Assess
    await expect(act).rejects.toBeInstanceOf(ForeignConsumersError);
    await expect(act).rejects.toThrow(/pid 424242 on forgotten-terminal .*RICK_AND_MORTY_API_URL/);
    expect(said.some((line) => line.startsWith('Services started'))).toBe(false);
    expect(await extractQueueDepth(isolated)).toBe(before);
  });

  it('counts the messages earlier runs left in the queues, by run, without consuming them', async () => {
    // Prepare: the runs requested above wait in the extract queue, as nothing polls here.
    const waiting = await extractQueueDepth(isolated);

    // Act
    const earlier = await peekEarlierMessages(isolated.platform);

    // Assess
    expect(waiting).toBe(2);
    expect(earlier.byStage).toEqual({ extract: 2, transform: 0, load: 0 });
    expect(earlier.runs).toEqual([
      { runId: expect.any(String), pipeline: 'rickandmorty', messages: 1 },
      { runId: expect.any(String), pipeline: 'rickandmorty', messages: 1 },
    ]);
    expect(await extractQueueDepth(isolated)).toBe(2);
  });
});
