import { recordsOfPage, recordsPathOf } from '@sluice/contracts/pipeline-definition';
import type { Pool } from 'mysql2/promise';
import { SourceError } from '../source-errors.ts';
import { buildPageSource } from '../sources/build-page-source.ts';
import type { FetchedPage, PageSource, SourcedPipeline } from '../sources/page-source.ts';
import type { SnapshotStore } from '../sources/snapshot-store.ts';

export interface PreviewPageOptions {
  /** The page to show, from 1; reached through the source's own pagination, as a run would. */
  page?: number;
  /** Variables for the file's `${…}`: the process environment. */
  env: Record<string, string | undefined>;
  /** Shorter than a run's: a person is waiting. */
  timeoutMs?: number;
  retries?: number;
}

/** One page of a resource as the extractor reads it, with its records. */
export interface PreviewedPage {
  resource: string;
  page: number;
  url: string;
  records: unknown[];
  /** The page after it, for sources read page after page; else null. */
  nextUrl: string | null;
  /** Known once the source says how many pages there are, or at the last page; else null. */
  pagesTotal: number | null;
}

/**
 * A preview compares a database page with no earlier snapshot and expires none: it stages nothing, and
 * the snapshots in S3 belong to the runs. So a table read by snapshot_diff shows its rows as they are.
 */
const NO_SNAPSHOTS: SnapshotStore = {
  findBase: async () => null,
  readRange: async () => {
    throw new Error('a preview compares with no earlier snapshot');
  },
  expireDays: async () => [],
};

/** The records of a page as it would be staged: JSON lines for a database, else the records path. */
const recordsOf = (pipeline: SourcedPipeline, resource: string, fetched: FetchedPage): unknown[] => {
  if (fetched.snapshot) {
    return fetched.body
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown);
  }
  const records = recordsOfPage(pipeline, resource, JSON.parse(fetched.body));
  if (records) return records;
  // The source's reader has checked the records path already; only a changed body gets here.
  const path = recordsPathOf(pipeline, resource);
  throw new SourceError(`the page has no array of records at ${path ?? 'its top level'}`, {
    context: { resource },
    retryable: false,
  });
};

/** The URL of the page after `fetched` (page `page`) on the way to page `target`. */
const nextUrlOf = (fetched: FetchedPage, page: number, target: number): string | null =>
  page === 1 && fetched.fanOut.length > 0 ? (fetched.fanOut[target - 2] ?? null) : fetched.nextUrl;

const walkTo = async (source: PageSource, resource: string, target: number) => {
  let url = await source.firstPageUrl(resource);
  let page = 1;
  for (;;) {
    const fetched = await source.fetchPage({ resource, page, url });
    if (page === target) return { url, fetched };
    const next = nextUrlOf(fetched, page, target);
    if (next === null) {
      throw new SourceError(
        `resource ${resource} has ${page} page${page === 1 ? '' : 's'}: there is no page ${target}`,
        {
          context: { resource, page: target },
          retryable: false,
        },
      );
    }
    // Page 1 of a source that tells its size lists every other page: go straight to the one asked for.
    page = page === 1 && fetched.fanOut.length > 0 ? target : page + 1;
    url = next;
  }
};

/**
 * Fetches one page of a resource with the extractor's own page source (the same URLs, credentials,
 * pagination, HTML selectors and cleaning, rate limit and host checks as a run), and reads its records,
 * without staging anything: no S3, no SQS, no cursor or page-hash state. A draft with only a source is
 * enough. Page N is reached as a run reaches it, through pages 1 to N-1 (or page 1's list of pages).
 */
export const previewPage = async (
  pipeline: SourcedPipeline,
  resource: string,
  options: PreviewPageOptions,
): Promise<PreviewedPage> => {
  if (!Object.hasOwn(pipeline.source.resources, resource)) {
    const known = Object.keys(pipeline.source.resources).join(', ');
    throw new SourceError(`pipeline ${pipeline.name} has no resource ${resource} (it has ${known})`, {
      context: { resource },
      retryable: false,
    });
  }
  const pools: Pool[] = [];
  // Preview reads variables as they are: a URL it was given is not one read from Secrets Manager.
  const source = buildPageSource(
    pipeline,
    { given: options.env, resolved: options.env },
    {
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 1,
      // The file's own concurrency wins; this bounds detail pages of an HTML row list.
      concurrency: 4,
      snapshots: NO_SNAPSHOTS,
      onPool: (pool) => pools.push(pool),
    },
  );
  try {
    const { url, fetched } = await walkTo(source, resource, options.page ?? 1);
    return {
      resource,
      page: options.page ?? 1,
      url,
      records: recordsOf(pipeline, resource, fetched),
      nextUrl: fetched.nextUrl,
      pagesTotal: fetched.pagesTotal,
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
};
