import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { MESSAGE_VERSION, messagesOfBundle, type PageRequested, runRequested } from '@sluice/contracts';
import { type PipelineDefinition, parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { catalogueOf } from '@sluice/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ExtractorDeps, extractMessages } from './extract.ts';
import type { FetchedPage, PageSource } from './sources/page-source.ts';

const RUN = '20261203T120000Z-abc123';
const queueOf = (stage: string) => ({ url: `q-${stage}`, deadLetterUrl: `q-${stage}-dlq` });

/** The extractor's clients as small fakes: what it puts in S3 and what it sends, by queue. */
const fakeDeps = (pipeline: PipelineDefinition, pages: Record<number, FetchedPage | Error>, loaded = {}) => {
  const puts: { key: string; body: string }[] = [];
  const sent: Record<string, { type: string; page?: number }[]> = {};
  const s3 = {
    send: async (command: { input: { Key: string; Body: string } }) => {
      if (!('Body' in command.input)) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
      puts.push({ key: command.input.Key, body: command.input.Body });
      return { ETag: '"etag"' };
    },
  } as unknown as S3Client;
  const sqs = {
    send: async (command: { input: { QueueUrl: string; Entries: { MessageBody: string }[] } }) => {
      // A bundle (several messages sent as one) counts as the messages it holds.
      const bodies = command.input.Entries.flatMap((entry) => {
        const body = JSON.parse(entry.MessageBody);
        return messagesOfBundle(body) ?? [body];
      });
      sent[command.input.QueueUrl] = [...(sent[command.input.QueueUrl] ?? []), ...bodies];
      return {};
    },
  } as unknown as SQSClient;
  const source: PageSource = {
    firstPageUrl: (resource) => `http://127.0.0.1:8787/api/${resource}`,
    fetchPage: async ({ page }) => {
      const fetched = pages[page];
      if (!fetched || fetched instanceof Error) throw fetched ?? new Error(`no page ${page}`);
      return fetched;
    },
  };
  const deps: ExtractorDeps = {
    s3,
    sqs,
    bucket: 't-staging',
    queues: { extract: queueOf('extract'), transform: queueOf('transform'), load: queueOf('load') },
    pipelines: catalogueOf('pipelines', [pipeline]),
    pageStatesOf: async () => loaded,
    sourceOf: () => source,
    clock: { now: () => new Date('2026-12-03T12:00:00Z') },
  };
  return { deps, puts, sent };
};

const requested = (page: number): PageRequested => ({
  version: MESSAGE_VERSION,
  type: 'page.requested',
  runId: RUN,
  pipeline: 'rickandmorty',
  resource: 'character',
  page,
  url: `http://127.0.0.1:8787/api/character?page=${page}`,
});

const fetched = (page: number, fanOut: string[] = []): FetchedPage => ({
  body: JSON.stringify({ info: { pages: 3 }, results: [{ id: page }] }),
  recordCount: 1,
  pagesTotal: 3,
  nextUrl: null,
  fanOut,
});

describe('Function: extractMessages()', () => {
  let pipeline: PipelineDefinition;
  beforeAll(async () => {
    const file = new URL('../../../pipelines/rickandmorty.yaml', import.meta.url);
    const parsed = await parsePipelineYaml(await readFile(file, 'utf8'), 'rickandmorty.yaml');
    if (!parsed.ok) throw new Error('rickandmorty.yaml does not parse');
    pipeline = parsed.pipeline;
  });

  it('starts a run with one first-page request per resource', async () => {
    const { deps, sent } = fakeDeps(pipeline, {});
    const run = runRequested({ runId: RUN, pipeline: 'rickandmorty', requestedAt: new Date() });

    const [result] = await extractMessages([run], deps);

    expect(result?.status).toBe('fulfilled');
    const firsts = sent['q-extract'] ?? [];
    expect(firsts.map(({ page }) => page)).toEqual(Object.keys(pipeline.source.resources).map(() => 1));
  });

  it('stages the pages of a batch as one object, tells the transformer of each page, and fans out', async () => {
    const fanOut = ['http://127.0.0.1:8787/api/character?page=3'];
    const { deps, puts, sent } = fakeDeps(pipeline, { 1: fetched(1, fanOut), 2: fetched(2) });

    const results = await extractMessages([requested(1), requested(2)], deps);

    expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'fulfilled']);
    expect(puts.map(({ key }) => key)).toEqual([`raw/rickandmorty/character/${RUN}/000001+2.json`]);
    expect((sent['q-transform'] ?? []).map(({ type, page }) => `${type} ${page}`)).toEqual([
      'page.staged 1',
      'page.staged 2',
    ]);
    expect((sent['q-extract'] ?? []).map(({ page }) => page)).toEqual([2]);
  });

  it('fails a page whose fetch fails alone; its neighbour is staged and sent on', async () => {
    const { deps, puts, sent } = fakeDeps(pipeline, { 1: new Error('GET … answered 500'), 2: fetched(2) });

    const [first, second] = await extractMessages([requested(1), requested(2)], deps);

    expect(first).toMatchObject({ status: 'rejected', reason: { message: 'GET … answered 500' } });
    expect(second?.status).toBe('fulfilled');
    expect(puts.map(({ key }) => key)).toEqual([`raw/rickandmorty/character/${RUN}/000002.json`]);
    expect((sent['q-transform'] ?? []).map(({ page }) => page)).toEqual([2]);
  });
});
