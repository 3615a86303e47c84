import { Worker } from 'node:worker_threads';
import { startRickAndMortyApi } from '@sluice/fixtures';
import { assertCounts } from '../assert-counts.ts';
import { PAGE_SIZE, pagesOf } from '../source/source-size.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import type { FetchedPages, FetchTask } from './fetch-every-page.ts';

/** Every page URL of the source's three collections, as the pipeline's `page_number` pagination names them. */
const pageUrlsOf = (apiUrl: string, { size }: SyntheticSource): string[] =>
  (
    [
      ['location', size.locations],
      ['episode', size.episodes],
      ['character', size.characters],
    ] as const
  ).flatMap(([path, records]) =>
    Array.from({ length: Math.ceil(records / PAGE_SIZE) }, (_, at) => `${apiUrl}/${path}?page=${at + 1}`),
  );

const fetchInWorker = (task: FetchTask): Promise<FetchedPages> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./fetch-every-page.ts', import.meta.url), { workerData: task });
    worker.once('message', (fetched: FetchedPages) => {
      resolve(fetched);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the fetching thread exited with ${code} before it was done`)),
    );
  });

/**
 * The source half of the floor: every page of the source fetched from the same loopback server the Sluice
 * runs read, `concurrency` at a time, from a thread of its own (the extractor is a process of its own).
 */
export const measureSourceFetch = async (
  source: SyntheticSource,
  concurrency: number,
): Promise<FetchedPages> => {
  const api = await startRickAndMortyApi({ dataset: source.dataset });
  try {
    const fetched = await fetchInWorker({ urls: pageUrlsOf(api.url, source), concurrency });
    assertCounts(
      'the floor did not fetch the whole source',
      { pages: fetched.pages, requests: api.requests() },
      { pages: pagesOf(source.size), requests: pagesOf(source.size) },
    );
    return fetched;
  } finally {
    await api.close();
  }
};
