import {
  MESSAGE_VERSION,
  type PageStates,
  type PageTransformed,
  pageStatesKey,
  sha256Hex,
  stagingKey,
} from '@sluice/contracts';
import { loadMessages } from '@sluice/loader';
import { putJsonObject, readStateObject } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { loaderDepsOf } from '../support/loader-deps.ts';

const urlOf = (page: number) => `https://rickandmortyapi.com/api/location?page=${page}`;

describe('Function: loadMessages() and the page hashes it publishes for the extractor', () => {
  let isolated: IsolatedPlatform;
  const deps = () => loaderDepsOf(isolated, '2026-11-29T09:00:00Z');
  const published = () =>
    readStateObject<PageStates>(
      isolated.platform.s3,
      isolated.platform.bucket,
      pageStatesKey('rickandmorty', 'location'),
    );

  /** Stages location page `page` of `runId` (one location) and returns its message; `content` names its bytes. */
  const stage = async (runId: string, page: number, content: string): Promise<PageTransformed> => {
    const address = { pipeline: 'rickandmorty', resource: 'location', runId, page };
    const processedKey = stagingKey('processed', address);
    await putJsonObject(isolated.platform.s3, isolated.platform.bucket, processedKey, {
      version: 1,
      ...address,
      tables: {
        locations: [
          {
            id: page,
            name: `${content} ${page}`,
            type: 'Planet',
            dimension: 'unknown',
            url: `https://rickandmortyapi.com/api/location/${page}`,
            created_at: '2017-11-10 12:42:04.162',
          },
        ],
      },
      replace: {},
    });
    return {
      ...address,
      version: MESSAGE_VERSION,
      type: 'page.transformed',
      url: urlOf(page),
      contentHash: sha256Hex(`${content} ${page}`),
      cursor: null,
      pagesTotal: 2,
      processedKey,
      rejectedKey: null,
      records: { extracted: 1, valid: 1, rejected: 0 },
      rows: { locations: 1 },
    };
  };
  const loaded = async (messages: PageTransformed[]) =>
    (await loadMessages(messages, deps())).map((result) =>
      result.status === 'fulfilled' ? result.value.status : String(result.reason),
    );

  beforeAll(async () => {
    isolated = await createIsolatedPlatform('page-states');
  });
  afterAll(async () => {
    await isolated?.destroy();
  });

  it('publishes every page hash of a resource in one object once a run has all its pages', async () => {
    // Prepare
    const runId = '20261129T090000Z-0a0001';

    // Act
    await loaded([await stage(runId, 1, 'first')]);
    const beforeTheLastPage = await published();
    await loaded([await stage(runId, 2, 'first')]);

    // Assess
    expect(beforeTheLastPage).toBeNull();
    expect(await published()).toEqual({
      version: 1,
      runId,
      updatedAt: '2026-11-29T09:00:00.000Z',
      pages: {
        [sha256Hex(urlOf(1))]: sha256Hex('first 1'),
        [sha256Hex(urlOf(2))]: sha256Hex('first 2'),
      },
    });
  });

  it('withdraws them when a page loads with other content, until a run has all the pages again', async () => {
    // Prepare: a later run, in which page 1 changed.
    const runId = '20261129T100000Z-0a0002';

    // Act
    expect(await loaded([await stage(runId, 1, 'second')])).toEqual(['loaded']);
    const whileIncomplete = await published();
    expect(await loaded([await stage(runId, 2, 'first')])).toEqual(['loaded']);

    // Assess: nothing is skipped on the strength of the old hash meanwhile; then the new hashes.
    expect(whileIncomplete).toMatchObject({ runId: null, pages: {} });
    expect((await published())?.pages).toEqual({
      [sha256Hex(urlOf(1))]: sha256Hex('second 1'),
      [sha256Hex(urlOf(2))]: sha256Hex('first 2'),
    });
  });
});
