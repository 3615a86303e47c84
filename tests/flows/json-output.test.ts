import { execFile } from 'node:child_process';
import { PROJECT_ROOT, serviceEnvOf } from '@sluice/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { runSluice, runSluiceWith } from '../support/sluice-cli.ts';

/** `npm <args>` from the repository's root, as a user types it, against the flow's own deployment. */
const runNpm = (env: Record<string, string>, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile('npm', args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });

describe('Flow: `--json` prints JSON and nothing else on stdout', () => {
  let isolated: IsolatedPlatform;
  let runId: string;
  beforeAll(async () => {
    isolated = await createIsolatedPlatform('json');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it("`npm start --silent -- --offline --json`, the README's form, prints only the run's summary as JSON", async () => {
    // Act: a whole offline run, through npm and its start script.
    const result = await runNpm(serviceEnvOf(isolated.env), 'start', '--silent', '--', '--offline', '--json');

    // Assess: stdout parses whole; the progress went to stderr.
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { runId: string; status: string; pipeline: string };
    expect(summary).toMatchObject({ pipeline: 'rickandmorty', status: 'succeeded' });
    expect(result.stderr).toContain('Bringing the local stack up');
    runId = summary.runId;
  });

  it.each([
    ['status', () => ['status', runId, '--json']],
    ['rejected', () => ['rejected', runId, '--json']],
    ['pipelines', () => ['pipelines', '--json']],
    ['dlq list', () => ['dlq', 'list', '--json']],
    ['stack status', () => ['stack', 'status', '--json']],
  ])('`%s --json` prints one JSON document', async (_command, args) => {
    const result = await runSluice(isolated.env, ...args());
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('a refusal under --json is JSON on stdout too, its one line on stderr for a person', async () => {
    const result = await runSluiceWith({ COINCAP_API_KEY: '' }, isolated.env, 'run', 'coincap', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      error: expect.stringMatching(/^pipeline coincap needs COINCAP_API_KEY/),
    });
    expect(result.stderr).toMatch(/^sluice: pipeline coincap needs COINCAP_API_KEY/);
  });
});
