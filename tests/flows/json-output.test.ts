import { execFile } from 'node:child_process';
import { PROJECT_ROOT, serviceEnvOf } from '@sluice/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { JSON_GLOSSARY_FILE, readJsonGlossary, unknownJsonKeys } from '../support/json-glossary.ts';
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
    ['runs', () => ['runs', '--json']],
    ['queues', () => ['queues', '--json']],
    ['consumers', () => ['consumers', '--json']],
    ['rejected', () => ['rejected', runId, '--json']],
    ['pipelines', () => ['pipelines', '--json']],
    ['dlq list', () => ['dlq', 'list', '--json']],
    ['stack status', () => ['stack', 'status', '--json']],
    ['schedules list', () => ['schedules', 'list', '--json']],
  ])(
    '`%s --json` prints one JSON object, every key of it named in docs/json-output.md',
    async (_command, args) => {
      const result = await runSluice(isolated.env, ...args());
      expect(result.code).toBe(0);
      const printed: unknown = JSON.parse(result.stdout);
      expect(printed).toBeTypeOf('object');
      expect(Array.isArray(printed)).toBe(false);
      expect(unknownJsonKeys(printed, readJsonGlossary())).toEqual([]);
    },
  );

  it("the run's own summary names only keys the glossary names, and the glossary finds a key it does not", async () => {
    const result = await runSluice(isolated.env, 'status', runId, '--json');
    const glossary = readJsonGlossary();
    expect(unknownJsonKeys(JSON.parse(result.stdout), glossary)).toEqual([]);
    // A misspelt or new key is found, with where it is, under a list and a map keyed by name alike.
    const drifted = { runs: [{ runID: 'x', pages: { total: 1, totl: 2 } }], tables: { t: { n: 1 } } };
    expect(unknownJsonKeys(drifted, glossary)).toEqual(['runs[].runID', 'runs[].pages.totl', 'tables.<t>.n']);
  });

  it(`${JSON_GLOSSARY_FILE.split('/').slice(-2).join('/')}'s lists of maps keyed by name and of verbatim values name only keys of its glossary`, () => {
    const { keys, keyedByName, verbatim } = readJsonGlossary();
    expect([...keyedByName, ...verbatim].filter((key) => !keys.has(key))).toEqual([]);
  });

  it('a refusal the command words itself (dlq purge without --yes) is JSON on stdout too, and `stack up --json` prints only the status', async () => {
    const purge = await runSluice(isolated.env, 'dlq', 'purge', 'all', '--json');
    expect(purge.code).toBe(1);
    expect(JSON.parse(purge.stdout)).toEqual({ error: expect.stringMatching(/^Not purging without --yes/) });
    expect(purge.stderr).toMatch(/^Not purging without --yes/);

    const up = await runSluice(isolated.env, 'stack', 'up', '--json');
    expect(up.code).toBe(0);
    const status = JSON.parse(up.stdout);
    expect(status).toMatchObject({ aws: { state: 'running' }, mysql: { state: 'running' } });
    expect(unknownJsonKeys(status, readJsonGlossary())).toEqual([]);
    expect(up.stderr).toContain('Warehouse:');
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
