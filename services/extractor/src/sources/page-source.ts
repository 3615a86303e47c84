import {
  type MysqlResource,
  type PipelineDefinition,
  resolveTemplate,
} from '@sluice/contracts/pipeline-definition';
import type { KyInstance } from 'ky';
import { fetchFollowingRedirects } from '../follow-redirects.ts';
import { type FetchedResponse, type FetchOptions, fetchResponse } from '../http-client.ts';
import { SourceError } from '../source-errors.ts';
import { createRequestGate } from './request-gate.ts';
import { createRestSourceReader } from './rest-source.ts';
import { createSourceOrigins } from './source-origins.ts';

/** What a database source's manifest says of a table's snapshot, written at its last page. */
export interface SnapshotManifestFields {
  table: string;
  capture: MysqlResource['capture'];
  /** The run's upper bound (`NOW(6)` in the source's zone when the run began the table). */
  upperBound: string;
  /** A cursor capture's lower bound (the last complete run's upper bound, before the lag); else null. */
  since: string | null;
  lagSeconds: number;
  timezone: string;
  pages: number;
  rows: number;
  columns: string[];
  /** The snapshot this one was compared with (`full`, `snapshot_diff`); null on a first run. */
  base: { day: string; runId: string } | null;
  /** What the comparison found; null when there was nothing to compare with. */
  changes: { inserted: number; updated: number; deleted: number } | null;
  /** A cursor capture's key scan (`deletes: key_scan`): its pages, keys, base and the keys gone. */
  keyScan?: {
    pages: number;
    keys: number;
    base: { day: string; runId: string } | null;
    deleted: number | null;
  };
}

/**
 * A page of a database table: staged under `snapshots/…` as its own object (JSON lines), not with the
 * pages of its batch; the last page of the table also writes the snapshot's manifest.
 */
export interface SnapshotPage {
  table: string;
  /** `YYYY-MM-DD` of the run's upper bound, in the source's zone. */
  day: string;
  /** At the table's last page; null before. */
  manifest: SnapshotManifestFields | null;
  /**
   * The page as read, when the page's body is something else (its changes against the base snapshot):
   * staged as the snapshot page, and the body beside it under `changes/`. Null when the body is the page.
   */
  lake: string | null;
  /** A key scan's page: its number among the scan's pages, which is what it is staged under (`keys/`). */
  keysPage?: number;
}

/** One page of a resource, fetched and read: what to stage, and where the resource goes on. */
export interface FetchedPage {
  /** The bytes staged under raw/…: a REST page's body as it came, an HTML page's records as JSON. */
  body: string;
  recordCount: number;
  /** Known once the source says how many pages there are, or at the last page; else null. */
  pagesTotal: number | null;
  /** The next page to fetch, for sources read page after page. */
  nextUrl: string | null;
  /** Page 1 of a source that tells its size: the URLs of pages 2, 3, … */
  fanOut: string[];
  /** Present for a page of a database table, staged as a snapshot page. */
  snapshot?: SnapshotPage;
}

export interface PageRequest {
  resource: string;
  page: number;
  url: string;
}

/** A pipeline's source as the extractor uses it, whatever its type. */
export interface PageSource {
  /** A database source asks the database for the run's upper bound, hence the promise. */
  firstPageUrl: (
    resource: string,
    cursor?: { param: string; value: string | number },
  ) => string | Promise<string>;
  fetchPage: (request: PageRequest) => Promise<FetchedPage>;
}

export interface PageSourceOptions {
  /** ky with the extractor's timeout and this source's retries. */
  http: KyInstance;
  /** Variables for `${…}` in the file (the process environment, secrets resolved). */
  env: Record<string, string | undefined>;
  /** Requests in flight at once when the file does not say. */
  defaultConcurrency: number;
}

type Fetch = (url: string, options?: FetchOptions) => Promise<FetchedResponse>;

/**
 * What a page source reads of a pipeline: its name (for messages) and its source. A draft that has no
 * transform yet (`sluice preview`, `sluice new`) is enough.
 */
export type SourcedPipeline = Pick<PipelineDefinition, 'name' | 'source'>;

/** A pipeline whose pages come over HTTP: a REST API or a web site. */
type HttpPipeline = SourcedPipeline & {
  source: Exclude<PipelineDefinition['source'], { type: 'mysql' }>;
};

/**
 * The one way a page source fetches: the URL (a message's, a pagination link, a detail page) and every
 * redirect must stay within the pipeline's source, checked before anything connects. A credentialed
 * source is not redirected to another origin at all: its credential belongs to its own.
 */
const guardedFetch = (pipeline: HttpPipeline, options: PageSourceOptions): Fetch => {
  const { source } = pipeline;
  const origins = createSourceOrigins(pipeline, options.env);
  const credentialed = source.type === 'rest' && source.auth.type !== 'none';
  const http = options.http.extend({
    fetch: fetchFollowingRedirects((next, from) => {
      origins.check(next, { redirect: true });
      if (credentialed && new URL(next).origin !== new URL(from).origin) {
        throw new SourceError(
          `refused the redirect to ${next}: the credential must not go to another origin`,
          {
            context: { url: next },
            retryable: false,
          },
        );
      }
    }),
  });
  const gate = createRequestGate({
    concurrency: source.concurrency ?? options.defaultConcurrency,
    ...(source.rateLimit !== undefined ? { ratePerSecond: source.rateLimit } : {}),
  });
  return async (url, fetchOptions) => {
    // Before the gate: a refused URL waits for no slot and spends none of the rate limit.
    origins.check(url, fetchOptions?.shownUrl ? { shownUrl: fetchOptions.shownUrl } : {});
    return gate.run(() => fetchResponse(http, url, fetchOptions));
  };
};

/**
 * Builds the page source a pipeline file declares. The rate limit and concurrency are per process (per
 * Lambda container): the file's limits hold for one poller, so scale pollers with the API's limits in mind.
 */
export const createPageSource = (definition: SourcedPipeline, options: PageSourceOptions): PageSource => {
  if (definition.source.type === 'mysql') {
    throw new Error(
      `pipeline ${definition.name} reads a database, not pages over HTTP (see mysql-source.ts)`,
    );
  }
  const pipeline = definition as HttpPipeline;
  const { source } = pipeline;
  const concurrency = source.concurrency ?? options.defaultConcurrency;
  const fetch = guardedFetch(pipeline, options);
  return source.type === 'rest'
    ? restPageSource(pipeline, source, options.env, fetch)
    : htmlPageSource(source, options.env, fetch, concurrency);
};

const restPageSource = (
  pipeline: SourcedPipeline,
  source: Extract<PipelineDefinition['source'], { type: 'rest' }>,
  env: Record<string, string | undefined>,
  fetch: Fetch,
): PageSource => {
  const reader = createRestSourceReader(source, env);
  const authHint =
    reader.credentialVariables.length > 0
      ? `the credential of pipeline ${pipeline.name} was refused; check ${reader.credentialVariables.join(', ')}`
      : undefined;
  return {
    firstPageUrl: (resource, cursor) => reader.firstPageUrl(resource, cursor),
    fetchPage: async ({ resource, page, url }) => {
      const request = reader.authorise(url);
      const response = await fetch(request.url, {
        headers: request.headers,
        shownUrl: url,
        ...(authHint ? { authHint } : {}),
      });
      const read = reader.readPage({ resource, page, url, body: response.body, headers: response.headers });
      return { body: response.body, ...read };
    },
  };
};

const htmlPageSource = (
  source: Extract<PipelineDefinition['source'], { type: 'html' }>,
  env: Record<string, string | undefined>,
  fetch: Fetch,
  concurrency: number,
): PageSource => {
  const resourceOf = (name: string) => {
    const resource = source.resources[name];
    if (!resource) throw new Error(`no resource ${name} in the source`);
    return resource;
  };
  return {
    firstPageUrl: (name) => {
      const resource = resourceOf(name);
      return resolveTemplate((resource.listing?.url ?? resource.startUrls?.[0]) as string, env);
    },
    fetchPage: async ({ resource: name, page, url }) => {
      const resource = resourceOf(name);
      const { body: html } = await fetch(url);
      // Loaded on first use: cheerio is most of the bundle, and only HTML sources need it.
      const { extractHtmlPage } = await import('./html-page.ts');
      const { records, nextUrl } = await extractHtmlPage({
        html,
        url,
        resource,
        fetchText: async (detailUrl) => (await fetch(detailUrl)).body,
        concurrency,
      });
      const startUrls = (resource.startUrls ?? []).map((template) => resolveTemplate(template, env));
      const atLimit = resource.listing?.maxPages !== undefined && page >= resource.listing.maxPages;
      const next = resource.listing && !atLimit ? nextUrl : null;
      const pagesTotal = resource.listing ? (next === null ? page : null) : startUrls.length;
      return {
        body: JSON.stringify({ url, records }),
        recordCount: records.length,
        pagesTotal,
        nextUrl: next,
        fanOut: page === 1 && !resource.listing ? startUrls.slice(1) : [],
      };
    },
  };
};
