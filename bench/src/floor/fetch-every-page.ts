import { parentPort, workerData } from 'node:worker_threads';

/** What the bench hands the fetching thread. */
export interface FetchTask {
  urls: string[];
  concurrency: number;
}

/** What it hands back: the time from the first request to the last body read. */
export interface FetchedPages {
  seconds: number;
  pages: number;
  bytes: number;
}

/**
 * Fetches every URL, `concurrency` at a time, each body read to its end and nothing else done with it:
 * the least any extractor does with a page. A status other than 200 throws, as a floor that skipped
 * pages would be no floor.
 */
export const fetchEveryPage = async ({ urls, concurrency }: FetchTask): Promise<FetchedPages> => {
  let next = 0;
  let bytes = 0;
  const fetchUntilDone = async () => {
    for (let at = next++; at < urls.length; at = next++) {
      const url = urls[at] as string;
      const response = await fetch(url);
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      bytes += body.byteLength;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, fetchUntilDone));
  return { seconds: (performance.now() - started) / 1000, pages: urls.length, bytes };
};

// Run as a worker thread: the source's server keeps the bench's own thread, as it does in the Sluice and
// dlt runs, whose fetching happens in another process. A failure goes uncaught, which ends the thread with
// the error and hands it to the bench's 'error' listener.
if (parentPort && workerData) {
  const port = parentPort;
  void fetchEveryPage(workerData as FetchTask).then((fetched) => port.postMessage(fetched));
}
