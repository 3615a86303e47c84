import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { serviceEnvOf } from '@sluice/cli';
import {
  type ExtractMessage,
  MESSAGE_VERSION,
  newRunId,
  type PageStaged,
  parseJson,
  parseMessage,
  RawPagesSchema,
  type Stage,
  sha256Hex,
} from '@sluice/contracts';
import { createExtractorDeps, extractMessages, readExtractorEnv } from '@sluice/extractor';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { getStagedObject } from '@sluice/runtime';
import { createTransformerDeps, readTransformerEnv, transformPages } from '@sluice/transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { messageBodiesIn } from '../support/queue-messages.ts';

describe('Flow: pages fetched together are staged as one raw object and transformed from it', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  // Three pages of characters.
  const dataset = generateRickAndMortyDataset({ seed: 5, characters: 60, locations: 5, episodes: 5 });

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('staged-together');
    api = await startRickAndMortyApi({ dataset });
  });
  afterAll(async () => {
    await api?.close();
    await isolated?.destroy();
  });

  /** Takes `count` messages off a stage's queue (waiting for them), deleting nothing: they stay hidden. */
  const take = async <S extends Stage>(stage: S, count: number) => {
    const bodies: string[] = [];
    for (let attempt = 0; bodies.length < count && attempt < 10; attempt += 1) {
      const { Messages = [] } = await isolated.platform.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: isolated.platform.queues[stage].url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
        }),
      );
      bodies.push(...Messages.map((message) => message.Body ?? ''));
    }
    return messageBodiesIn(bodies).map((body) => parseMessage(stage, body));
  };

  it('writes page 1 alone as its own bytes and pages 2 and 3, fetched together, as one object', async () => {
    // Prepare
    const variables = { RICK_AND_MORTY_API_URL: api.url };
    const serviceEnv = serviceEnvOf(isolated.env, variables);
    const extractor = await createExtractorDeps(readExtractorEnv(serviceEnv), {
      ...process.env,
      ...variables,
    });
    const run: ExtractMessage = {
      version: MESSAGE_VERSION,
      type: 'run.requested',
      runId: newRunId(new Date()),
      pipeline: 'rickandmorty',
      requestedAt: new Date().toISOString(),
      resources: ['character'],
      fullRefresh: true,
    };

    // Act: the run asks for page 1; page 1 fans pages 2 and 3 out; those two are fetched in one batch.
    await extractMessages([run], extractor);
    await extractMessages(await take('extract', 1), extractor);
    const rest = await take('extract', 2);
    const results = await extractMessages(rest, extractor);
    const staged = (await take('transform', 3)) as PageStaged[];

    // Assess: the keys name their pages; each page's bytes are in its object and match its hash.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const keyOf = Object.fromEntries(staged.map((page) => [page.page, page.rawKey]));
    expect(keyOf[1]).toMatch(/\/000001\.json$/);
    expect(keyOf[2]).toMatch(/\/000002\+3\.json$/);
    expect(keyOf[3]).toBe(keyOf[2]);
    const alone = await getStagedObject(isolated.platform.s3, isolated.platform.bucket, keyOf[1] ?? '');
    expect(sha256Hex(alone.body)).toBe(staged.find((page) => page.page === 1)?.contentHash);
    const together = await getStagedObject(isolated.platform.s3, isolated.platform.bucket, keyOf[2] ?? '');
    const { pages } = parseJson(RawPagesSchema, together.body, 'raw object');
    for (const page of pages) {
      expect(sha256Hex(page.body)).toBe(staged.find((message) => message.page === page.page)?.contentHash);
    }

    // And the transformer reads all three pages from the two objects.
    const transformer = await createTransformerDeps(readTransformerEnv(serviceEnv));
    const transformed = await transformPages(staged, transformer);
    expect(
      transformed.map((result) => (result.status === 'fulfilled' ? result.value.extracted : result.reason)),
    ).toEqual([20, 20, 20]);
  });
});
