import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  MESSAGE_VERSION,
  type PageStaged,
  type PageTransformed,
  ProcessedPagesSchema,
  parseJson,
  sha256Hex,
  stagedPagesKey,
  stagingKey,
} from '@sluice/contracts';
import { generateRickAndMortyDataset } from '@sluice/fixtures';
import { catalogueOf, getStagedObject, putStagedObject } from '@sluice/runtime';
import { compileResourceTransform, TRANSFORM_MODULES, transformPages } from '@sluice/transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { messageBodiesIn } from '../support/queue-messages.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';

const runId = '20261129T090000Z-0f00d5';
const run = { pipeline: 'rickandmorty', resource: 'character', runId };

describe('Function: transformPages() on LocalStack S3 and SQS', () => {
  let isolated: IsolatedPlatform;
  const dataset = generateRickAndMortyDataset({ characters: 60, locations: 5, episodes: 5, seed: 7 });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('transform-pages');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  /** Stages page `n` (20 characters, or `body` as given) under raw/ and returns its message. */
  const stageRaw = async (n: number, body?: string): Promise<PageStaged> => {
    const raw =
      body ?? JSON.stringify({ info: { pages: 4 }, results: dataset.characters.slice((n - 1) * 20, n * 20) });
    const rawKey = stagingKey('raw', { ...run, page: n });
    await putStagedObject(isolated.platform.s3, isolated.platform.bucket, rawKey, raw);
    return {
      ...run,
      page: n,
      version: MESSAGE_VERSION,
      type: 'page.staged',
      url: `https://rickandmortyapi.com/api/character?page=${n}`,
      contentHash: sha256Hex(raw),
      pagesTotal: 4,
      rawKey,
      stagedAt: '2026-11-29T09:00:01.000Z',
    };
  };

  it('writes the pages it handles together as one object, tells the loader of each, and fails a bad page alone', async () => {
    // Prepare: pages 1–3 of characters, and a page 4 that is not JSON.
    const staged = [...(await Promise.all([1, 2, 3].map((n) => stageRaw(n)))), await stageRaw(4, '<html>')];
    const transformer = compileResourceTransform(rickAndMortyPipeline, 'character', TRANSFORM_MODULES);
    const deps = {
      s3: isolated.platform.s3,
      sqs: isolated.platform.sqs,
      bucket: isolated.platform.bucket,
      queues: isolated.platform.queues,
      pipelines: catalogueOf('pipelines', [rickAndMortyPipeline]),
      transformerOf: () => transformer,
    };

    // Act
    const results = await transformPages(staged, deps);

    // Assess: one object holding pages 1–3, named after them, and page 4 failed with its reason.
    const sharedKey = stagedPagesKey('processed', run, [1, 2, 3]);
    expect(results.slice(0, 3)).toEqual(
      [1, 2, 3].map((page) => ({
        status: 'fulfilled',
        value: expect.objectContaining({ page, processedKey: sharedKey, extracted: 20 }),
      })),
    );
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { name: 'ContractError' } });
    const object = await getStagedObject(isolated.platform.s3, isolated.platform.bucket, sharedKey);
    const { pages } = parseJson(ProcessedPagesSchema, object.body, sharedKey);
    expect(pages.map((page) => [page.page, page.tables.characters?.length])).toEqual([
      [1, 20],
      [2, 20],
      [3, 20],
    ]);
    const { Messages = [] } = await isolated.platform.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: isolated.platform.queues.load.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    const bodies = messageBodiesIn(Messages.map((message) => message.Body ?? '{}'));
    const sent = bodies.map((body) => JSON.parse(body) as PageTransformed);
    expect(sent.map((message) => [message.page, message.processedKey]).sort()).toEqual([
      [1, sharedKey],
      [2, sharedKey],
      [3, sharedKey],
    ]);
  });
});
