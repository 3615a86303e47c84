import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { pollerCommand, readQueueDepths, SERVICE_NAMES, type ServiceName, serviceEnvOf } from '@sluice/cli';
import { readRunProgress } from '@sluice/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { itemsPipeline, writePipelineFiles } from '../support/pipeline-files.ts';
import { runSluice, runSluiceWith } from '../support/sluice-cli.ts';

/** One service's poller, started as `sluice services` starts it, until it exits by itself. */
const runPoller = async (service: ServiceName, env: Record<string, string>) => {
  const poller = await pollerCommand(service, { ...process.env, ...env });
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    // A poller that does not refuse would poll on: the timeout ends it, and the test then fails.
    execFile(poller.command, poller.args, { env: poller.env, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
};

describe('Flow: the CLI says what to fix, in one line, for input it cannot use', () => {
  let isolated: IsolatedPlatform;
  beforeAll(async () => {
    isolated = await createIsolatedPlatform('refusals');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('`status` with something that is not a run id says what one looks like', async () => {
    const result = await runSluice(isolated.env, 'status', 'not-a-run');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not-a-run is not a run id (they look like 20261125T150135Z-3fa9c2)');
  });

  it('`status` with a run id the warehouse does not hold names the warehouse it asked', async () => {
    const result = await runSluice(isolated.env, 'status', '20261125T150135Z-3fa9c2');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /No run 20261125T150135Z-3fa9c2 in the warehouse at 127\.0\.0\.1:\d+\/sluice_test_/,
    );
  });

  it('`run` and `start` refuse a pipeline whose variable nobody set, naming it and where, before sending anything', async () => {
    // Prepare: a bearer token the file names and nobody set (the API's URL is set: port 9 is never asked).
    const dir = writePipelineFiles([
      itemsPipeline({
        name: 'books',
        route: 'none',
        pagination: { type: 'none' },
        urlVariable: 'BOOKS_API_URL',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the reference the pipeline reads
        auth: { type: 'bearer', token: '${BOOKS_API_TOKEN}' },
      }),
    ]);
    const variables = { SLUICE_PIPELINES_DIR: dir, BOOKS_API_URL: 'http://127.0.0.1:9', BOOKS_API_TOKEN: '' };

    // Act
    const run = await runSluiceWith(variables, isolated.env, 'run', 'books', '--wait');
    const start = await runSluiceWith(variables, isolated.env, 'start', 'books');

    // Assess: one line each; no run recorded, no message sent.
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'sluice: pipeline books needs BOOKS_API_TOKEN (source.auth.token); set it in the environment, both where the services run (`npm run dev`) and where you run `sluice run`\n',
    );
    expect(start.code).toBe(1);
    expect(start.stderr).toBe(
      'sluice: pipeline books needs BOOKS_API_TOKEN (source.auth.token); set it in the environment `npx sluice start` (or `npm start`) runs in\n',
    );
    expect(start.stdout).toBe('');
    expect(await readRunProgress(isolated.platform.warehouse.db, undefined)).toBeNull();
    const depths = await readQueueDepths(isolated.platform.sqs, isolated.platform.queues);
    expect(depths.extract.queue.waiting + depths.extract.queue.inFlight).toBe(0);
  });

  it('a DATABASE_URL that names no database is refused with the form it takes', async () => {
    const result = await runSluice(
      { ...isolated.env, DATABASE_URL: 'mysql://root:s3cret@127.0.0.1:3306' },
      'status',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'sluice: Environment variable DATABASE_URL is invalid: names no database (expected mysql://user:password@host:3306/database, e.g. mysql://root@127.0.0.1:3306/sluice)\n',
    );
  });

  it('an invalid pipeline file makes `sluice services` and each service say so in one line, no stack trace', async () => {
    // Prepare: a valid file beside one with an unknown source type.
    const dir = writePipelineFiles([
      itemsPipeline({ name: 'items', route: 'none', pagination: { type: 'none' }, urlVariable: 'ITEMS_URL' }),
    ]);
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nsource:\n  type: soap\n');
    const variables = { SLUICE_PIPELINES_DIR: dir };

    // Act
    const cli = await runSluiceWith(variables, isolated.env, 'services');
    const services = await Promise.all(
      SERVICE_NAMES.map((service) => runPoller(service, { ...serviceEnvOf(isolated.env), ...variables })),
    );

    // Assess
    const problem = `invalid pipeline file ${join(dir, 'bad.yaml')}:1:1 description: required (string), but missing (and 4 more); \`npx sluice validate\` lists every problem`;
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(`sluice: ${problem}\n`);
    for (const service of services) {
      expect(service.code).toBe(1);
      expect(service.stderr).toBe('');
      expect(service.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(service.stdout)).toMatchObject({ level: 60, msg: `refused to start: ${problem}` });
    }
  });

  it('`sluice services` shows the one line a service refused to start with', async () => {
    // The pipeline files are fine; the loader alone reads LOAD_BATCH_SIZE, and 99 is more than SQS gives.
    const result = await runSluiceWith({ LOAD_BATCH_SIZE: '99' }, isolated.env, 'services');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'sluice: the loader refused to start: Environment variable LOAD_BATCH_SIZE is invalid: Too big: expected number to be <=10\n',
    );
  });

  it('`serve-api --port abc` names the option and what it takes', async () => {
    const result = await runSluice(isolated.env, 'serve-api', '--port', 'abc');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sluice: --port abc is not a port: give a number from 0 to 65535');
  });

  it('`dlq list` keeps each reason whole', async () => {
    const reason = `SourceError: GET http://127.0.0.1:9/books answered 401: ${'x'.repeat(150)} check BOOKS_API_TOKEN`;
    await isolated.platform.sqs.send(
      new SendMessageCommand({
        QueueUrl: isolated.platform.queues.extract.deadLetterUrl,
        MessageBody: '{}',
        MessageAttributes: { 'sluice-error': { DataType: 'String', StringValue: reason } },
      }),
    );
    const result = await runSluice(isolated.env, 'dlq', 'list');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(reason);
  });
});
