import { pipelineNamed, requestRun, runDepsOf, serviceEnvOf, waitForRun } from '@sluice/cli';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BooksApi, booksPipeline, startBooksApi } from '../support/books-api.ts';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { writePipelineFiles } from '../support/pipeline-files.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';

const ANN = { id: 7, name: 'Ann Leckie' };
const BOB = { id: 8, name: 'Bob Shaw' };

describe('Flow: a child list of shared authors becomes its own table beside the book-author links', () => {
  let isolated: IsolatedPlatform;
  let fleet: ServiceFleet;
  let api: BooksApi;

  const run = async (options = {}) => {
    const deps = runDepsOf(isolated.platform);
    const runId = await requestRun(deps, await pipelineNamed(isolated.env, booksPipeline.name), options);
    return waitForRun(deps, runId, { timeoutMs: 60_000 });
  };
  const tables = async () => {
    const rowsOf = async (query: ReturnType<typeof sql>) =>
      (await isolated.platform.warehouse.db.execute(query))[0] as unknown as unknown[];
    return {
      books: await rowsOf(sql`select id, title from books order by id`),
      authors: await rowsOf(sql`select id, name from authors order by id`),
      links: await rowsOf(sql`select book_id, author_id from book_authors order by book_id, author_id`),
    };
  };

  beforeAll(async () => {
    // Two pages: Ann wrote a book on each, so the pages meet on her row; book 3 has both authors.
    api = await startBooksApi([
      [{ id: 1, title: 'Ancillary Justice', authors: [ANN] }],
      [
        { id: 2, title: 'Ancillary Sword', authors: [ANN] },
        { id: 3, title: 'An Anthology', authors: [BOB, ANN] },
      ],
    ]);
    const dir = writePipelineFiles([booksPipeline]);
    isolated = await createIsolatedPlatform('entity', { SLUICE_PIPELINES_DIR: dir });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, { SQS_WAIT_TIME_SECONDS: '1', BOOKS_API_URL: api.url }),
      isolated.logDir,
    );
    await fleet.startAll();
  }, 60_000);
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await isolated?.destroy();
  });

  it('gives a shared author one row and each of her books a link; a rerun changes nothing', async () => {
    // Act
    const first = await run();
    const afterFirst = await tables();
    const again = await run({ fullRefresh: true });

    // Assess
    expect(first.status).toBe('succeeded');
    expect(first.progress.resources[0]).toMatchObject({
      pages: { loaded: 2 },
      records: { loaded: 3, rejected: 0 },
    });
    expect(afterFirst).toEqual({
      books: [
        { id: 1, title: 'Ancillary Justice' },
        { id: 2, title: 'Ancillary Sword' },
        { id: 3, title: 'An Anthology' },
      ],
      authors: [ANN, BOB],
      links: [
        { book_id: 1, author_id: 7 },
        { book_id: 2, author_id: 7 },
        { book_id: 3, author_id: 7 },
        { book_id: 3, author_id: 8 },
      ],
    });
    expect(again.status).toBe('succeeded');
    expect(again.progress.resources[0]).toMatchObject({ pages: { skipped: 0 }, records: { loaded: 3 } });
    expect(await tables()).toEqual(afterFirst);
  });

  it('follows the source: an author renamed is updated in place, a link removed is gone, the author stays', async () => {
    // Prepare
    const [, second = []] = api.pages;
    api.pages[1] = second.map((book) =>
      book.id === 3 ? { ...book, authors: [{ ...BOB, name: 'Robert Shaw' }] } : book,
    );

    // Act
    const outcome = await run();

    // Assess
    expect(outcome.status).toBe('succeeded');
    const after = await tables();
    expect(after.authors).toEqual([ANN, { id: 8, name: 'Robert Shaw' }]);
    expect(after.links).toEqual([
      { book_id: 1, author_id: 7 },
      { book_id: 2, author_id: 7 },
      { book_id: 3, author_id: 8 },
    ]);
  });
});
