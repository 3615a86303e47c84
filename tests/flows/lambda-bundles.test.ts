import { join } from 'node:path';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { PROJECT_ROOT, stagedPageKeys } from '@sluice/cli';
import { MESSAGE_VERSION, type PageTransformed, stagingKey } from '@sluice/contracts';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { readRunProgress, warehouseSchema } from '@sluice/warehouse';
import type { SQSBatchResponse } from 'aws-lambda';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedLinks } from '../support/expected-rows.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { type LambdaHarness, startLambdaHarness } from '../support/lambda-harness.ts';
import { rickAndMortyTables } from '../support/rickandmorty-tables.ts';
import { toSqsEvent } from '../support/sqs-event.ts';

const bundle = (service: string) => join(PROJECT_ROOT, 'services', service, 'dist', 'lambda');

describe('Lambda bundles: each handler loaded alone in a fresh process, fed real SQS batches', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  const harness: Record<'extractor' | 'transformer' | 'loader', LambdaHarness> = {} as never;
  const dataset = generateRickAndMortyDataset({
    seed: 3,
    characters: 25,
    locations: 5,
    episodes: 4,
    invalidCharacters: 1,
  });

  // A character page the source answers with 404 (which is never retried), while a test sets it.
  let missingPage: number | null = null;

  const receive = async (queueUrl: string, max = 10): Promise<Message[]> => {
    const { Messages = [] } = await isolated.platform.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return Messages;
  };
  /** What an event source mapping does: receive a batch, invoke, delete what did not fail. */
  const deliver = async (messages: Message[], queueUrl: string, target: LambdaHarness) => {
    const response = (await target.invoke(
      toSqsEvent(messages, `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split('/').at(-1)}`),
    )) as SQSBatchResponse;
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const done = messages.filter((message) => !failed.has(message.MessageId ?? ''));
    if (done.length > 0) {
      await isolated.platform.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle ?? '',
          })),
        }),
      );
    }
    return response;
  };
  const drain = async (queueUrl: string, target: LambdaHarness) => {
    for (let messages = await receive(queueUrl); messages.length > 0; messages = await receive(queueUrl)) {
      const response = await deliver(messages, queueUrl, target);
      expect(response.batchItemFailures).toEqual([]);
    }
  };

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('lambda');
    // A page asked for with `unavailable` answers 503: a failure that may pass later, on the source itself
    // (a page on another port would be refused as a foreign host, which is never retried).
    api = await startRickAndMortyApi({
      dataset,
      intercept: ({ url, resource, page }) => {
        if (url.searchParams.has('unavailable')) return { status: 503, body: '{}' };
        if (resource === 'character' && page === missingPage)
          return { status: 404, body: '{"error":"gone"}' };
        return undefined;
      },
    });
    const { queues, bucket } = isolated.platform;
    // What the CDK stack sets, with the emulator's endpoint and a local DATABASE_URL instead of the secret.
    const common = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: isolated.env.AWS_ENDPOINT_URL ?? '',
      SLUICE_PREFIX: isolated.env.SLUICE_PREFIX,
      SLUICE_BUCKET: bucket,
      LOG_LEVEL: 'info',
    };
    harness.extractor = startLambdaHarness(bundle('extractor'), {
      ...common,
      EXTRACT_QUEUE_URL: queues.extract.url,
      EXTRACT_DLQ_URL: queues.extract.deadLetterUrl,
      TRANSFORM_QUEUE_URL: queues.transform.url,
      LOAD_QUEUE_URL: queues.load.url,
      RICK_AND_MORTY_API_URL: api.url,
      HTTP_RETRIES: '0',
    });
    harness.transformer = startLambdaHarness(bundle('transformer'), {
      ...common,
      TRANSFORM_QUEUE_URL: queues.transform.url,
      TRANSFORM_DLQ_URL: queues.transform.deadLetterUrl,
      LOAD_QUEUE_URL: queues.load.url,
    });
    harness.loader = startLambdaHarness(bundle('loader'), {
      ...common,
      LOAD_QUEUE_URL: queues.load.url,
      LOAD_DLQ_URL: queues.load.deadLetterUrl,
      DATABASE_URL: isolated.env.DATABASE_URL,
    });
  });
  afterAll(async () => {
    await Promise.all(Object.values(harness).map((h) => h?.close()));
    await api?.close();
    await isolated?.destroy();
  });

  it('runs a scheduled run through the three bundles into MariaDB', async () => {
    // Act
    const run = (await harness.extractor.invoke({ pipeline: 'rickandmorty' })) as { runId: string };
    await drain(isolated.platform.queues.extract.url, harness.extractor);
    await drain(isolated.platform.queues.transform.url, harness.transformer);
    await drain(isolated.platform.queues.load.url, harness.loader);

    // Assess
    const db = isolated.platform.warehouse.db;
    expect(run.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(await db.select().from(rickAndMortyTables.characters)).toHaveLength(25);
    expect(await db.select().from(rickAndMortyTables.locations)).toHaveLength(5);
    expect(await db.select().from(rickAndMortyTables.episodes)).toHaveLength(4);
    const links = await db.select().from(rickAndMortyTables.characterEpisodes);
    expect(links.map((l) => `${l.character_id}:${l.episode_id}`).sort()).toEqual(expectedLinks(dataset));
    // Nobody waited for the scheduled run: the loader bundle ended it when its last page committed.
    const [ended] = await db
      .select()
      .from(warehouseSchema.sluiceRuns)
      .where(eq(warehouseSchema.sluiceRuns.runId, run.runId));
    expect(ended).toMatchObject({ status: 'succeeded', finishedAt: expect.any(String) });
  });

  it('dead-letters the poison messages of a batch with their reasons and handles the rest', async () => {
    // Prepare: a batch of a redelivered valid message, a non-JSON body and a message whose object is gone.
    const { sqs, queues } = isolated.platform;
    const [page] = await db().select().from(warehouseSchema.sluiceRunPages).limit(1);
    const run = { pipeline: 'rickandmorty', resource: page?.resource ?? '', runId: page?.runId ?? '' };
    const processedKeys = await stagedPageKeys(
      isolated.platform.s3,
      isolated.platform.bucket,
      'processed',
      run,
    );
    const valid: PageTransformed = {
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      runId: page?.runId ?? '',
      pipeline: 'rickandmorty',
      resource: page?.resource ?? '',
      page: page?.page ?? 1,
      pagesTotal: page?.pagesTotal ?? 1,
      url: 'http://127.0.0.1/api/character?page=1',
      contentHash: '0'.repeat(64),
      cursor: null,
      // The object the transformer wrote the page to, with the pages handled beside it.
      processedKey: processedKeys.get(page?.page ?? 1) ?? '',
      rejectedKey: null,
      records: { extracted: 0, valid: 0, rejected: 0 },
      rows: {},
    };
    const missing = { ...valid, processedKey: stagingKey('processed', { ...run, page: 999_999 }) };
    for (const body of [JSON.stringify(valid), 'not json', JSON.stringify(missing)]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.load.url, MessageBody: body }));
    }
    const batch: Message[] = [];
    while (batch.length < 3) batch.push(...(await receive(queues.load.url, 3 - batch.length)));

    // Act
    const response = await deliver(batch, queues.load.url, harness.loader);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const dead = await receive(queues.load.deadLetterUrl);
    const reasons = await Promise.all(dead.map(async (m) => m.Body));
    expect(reasons.sort()).toEqual([JSON.stringify(missing), 'not json'].sort());
    // The run is told of its dead-lettered page (the non-JSON body names no run, so it tells nobody).
    const reports = (await receive(queues.load.url)).map((m) => JSON.parse(m.Body ?? '{}'));
    expect(reports).toEqual([
      expect.objectContaining({
        type: 'page.failed',
        stage: 'load',
        runId: run.runId,
        resource: run.resource,
        page: valid.page,
        reason: expect.stringContaining('StagedObjectMissingError'),
      }),
    ]);
    expect(harness.loader.logs.some((line) => line.includes('"status":"duplicate"'))).toBe(true);
    expect(harness.loader.logs.some((line) => line.includes('StagedObjectMissingError'))).toBe(true);

    // Act again: the loader bundle takes the report, and the ledger names the page in the run's failures.
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queues.load.url, MessageBody: JSON.stringify(reports[0]) }),
    );
    await drain(queues.load.url, harness.loader);
    const progress = await readRunProgress(db(), run.runId);
    expect(progress?.failures).toEqual([
      expect.objectContaining({ stage: 'load', resource: run.resource, page: valid.page }),
    ]);
  });

  it('reports a message that may pass later in batchItemFailures and keeps it on the queue', async () => {
    // Prepare: a page the source answers with 503, which is retryable.
    const { sqs, queues } = isolated.platform;
    const request = {
      version: MESSAGE_VERSION,
      type: 'page.requested',
      runId: '20261125T120000Z-0000aa',
      pipeline: 'rickandmorty',
      resource: 'character',
      page: 1,
      url: `${api.url}/character?page=1&unavailable=1`,
    };
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queues.extract.url, MessageBody: JSON.stringify(request) }),
    );
    const batch = await receive(queues.extract.url);

    // Act
    const response = await deliver(batch, queues.extract.url, harness.extractor);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: batch[0]?.MessageId }]);
    expect(await receive(queues.extract.deadLetterUrl)).toEqual([]);
  });

  it('ends a scheduled run failed on its own when a page is dead-lettered, naming the page', async () => {
    // Prepare
    missingPage = 2;

    // Act: nobody waits for the run; the three bundles handle what the queues hold, as AWS would.
    const run = (await harness.extractor.invoke({ pipeline: 'rickandmorty' })) as { runId: string };
    await drain(isolated.platform.queues.extract.url, harness.extractor);
    await drain(isolated.platform.queues.transform.url, harness.transformer);
    await drain(isolated.platform.queues.load.url, harness.loader);
    missingPage = null;

    // Assess
    const progress = await readRunProgress(db(), run.runId);
    expect(progress?.status).toBe('failed');
    expect(progress?.finishedAt).toEqual(expect.any(String));
    expect(progress?.failures).toEqual([
      expect.objectContaining({
        stage: 'extract',
        resource: 'character',
        page: 2,
        reason: expect.stringMatching(/404/),
      }),
    ]);
  });

  it('migrates an empty database from the migrate bundle and its bundled migrations', async () => {
    // Prepare: a database that does not exist yet on the same server.
    const url = new URL(isolated.env.DATABASE_URL);
    url.pathname = `${url.pathname}_migrate`;
    const migrate = startLambdaHarness(join(PROJECT_ROOT, 'services', 'loader', 'dist', 'migrate'), {
      AWS_REGION: 'us-east-1',
      DATABASE_URL: url.toString(),
    });
    try {
      // Act
      const result = (await migrate.invoke({})) as { database: string; created: string[] };

      // Assess
      const [tables] = (await db().execute(
        sql`select table_name as name from information_schema.tables where table_schema = ${result.database}`,
      )) as unknown as [{ name: string }[]];
      // Sluice's bookkeeping from the bundled migrations, every table of the bundled pipeline files.
      const declared = ['coincap_assets', 'coincap_exchanges', 'html_episodes', 'locations', 'episodes'];
      // sakila.yaml's star schema: each dimension keeps its observations in a change table beside it.
      const dimensions = ['dim_customer', 'dim_film', 'dim_inventory', 'dim_staff', 'dim_store'];
      const star = [
        ...dimensions,
        ...dimensions.map((name) => `${name}__changes`),
        'fact_payment',
        'fact_rental',
      ];
      expect(tables.map((t) => t.name).sort()).toEqual(
        [
          ...declared,
          ...star,
          'characters',
          'character_episodes',
          'sluice_cursors',
          'sluice_load_ledger',
          'sluice_migrations',
          'sluice_page_state',
          'sluice_run_failures',
          'sluice_run_pages',
          'sluice_runs',
        ].sort(),
      );
      expect(result.created.sort()).toEqual(
        [
          ...declared,
          ...dimensions,
          'fact_payment',
          'fact_rental',
          'characters',
          'character_episodes',
        ].sort(),
      );
    } finally {
      await migrate.close();
      await db().execute(sql`drop database if exists ${sql.identifier(url.pathname.slice(1))}`);
    }
  });

  const db = () => isolated.platform.warehouse.db;
});
