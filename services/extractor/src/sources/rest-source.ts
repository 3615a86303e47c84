import type { Pagination, RestSource } from '@sluice/contracts/pipeline-definition';
import { resolveTemplate, valueAtPath } from '@sluice/contracts/pipeline-definition';
import { ConfigError } from '@sluice/runtime';
import { SourceError } from '../source-errors.ts';
import { createCredential } from './rest-auth.ts';
import { parsePageBody } from './rest-body.ts';
import { firstPageParams, type PageSequence, readPageSequence } from './rest-pagination.ts';
import { joinUrl, withoutParam, withParams } from './rest-url.ts';

export interface RestPage extends PageSequence {
  recordCount: number;
}

export interface RestSourceReader {
  /** Page 1's URL (base + path + params, plus `param=value` of an incremental cursor when given); no secrets. */
  firstPageUrl(resource: string, cursor?: { param: string; value: string | number }): string;
  /** Throws SourceError: retryable for a body that is not JSON (truncated), not retryable when the records path is not an array. */
  readPage(input: { resource: string; page: number; url: string; body: string; headers: Headers }): RestPage;
  /** The records of a page body (the array at the records path), for the transformer's use too. */
  recordsOf(resource: string, body: unknown): unknown[] | null;
  /** The request to send for a message's URL: adds the credential (header, query parameter or bearer) only now, so it never travels in a message or an S3 key. */
  authorise(url: string): { url: string; headers: Record<string, string> };
  /** The environment variables holding the credential, to name in a 401/403 error. */
  credentialVariables: string[];
}

type Env = Record<string, string | undefined>;
type ResolvedResource = { url: string; pagination: Pagination; records: string | undefined };

/** The schema checks a base URL only when its variables have defaults; the environment may give any. */
const resourceUrl = (baseUrl: string, path: string, params: Record<string, string | number | boolean>) => {
  // `localhost:3000` parses, as a URL of scheme `localhost:`: the scheme is what to check.
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new ConfigError(`baseUrl resolves to '${baseUrl}', which is not an http(s) URL`);
  }
  return withParams(joinUrl(baseUrl, path), params);
};

/** Every template of the source resolved once, so an unset variable fails at start-up, naming itself. */
const resolveResources = (source: RestSource, baseUrl: string, env: Env): Map<string, ResolvedResource> => {
  const entries = Object.entries(source.resources).map(([name, resource]): [string, ResolvedResource] => {
    const params = Object.fromEntries(
      Object.entries(resource.params ?? {}).map(([param, value]) => [
        param,
        typeof value === 'string' ? resolveTemplate(value, env) : value,
      ]),
    );
    return [
      name,
      {
        url: resourceUrl(baseUrl, resolveTemplate(resource.path, env), params),
        pagination: resource.pagination ?? source.pagination,
        records: resource.records ?? source.records,
      },
    ];
  });
  return new Map(entries);
};

/**
 * Reads a `rest` source as a pipeline file declares it: builds page URLs, reads each page's records and
 * where it stands (next URL, or the URLs of all other pages when page 1 tells how many), and adds the
 * credential to a request only when it is sent. URLs it gives out never hold the credential: they travel
 * in SQS messages and name S3 objects.
 */
export const createRestSourceReader = (source: RestSource, env: Env): RestSourceReader => {
  const baseUrl = resolveTemplate(source.baseUrl, env);
  const resources = resolveResources(source, baseUrl, env);
  const credential = createCredential(source.auth, env);
  const headers = Object.fromEntries(
    Object.entries(source.headers ?? {}).map(([name, value]) => [name, resolveTemplate(value, env)]),
  );
  // resolveResources has checked it is a URL.
  const baseOrigin = new URL(baseUrl).origin;

  const resourceOf = (name: string): ResolvedResource => {
    const resource = resources.get(name);
    if (!resource) {
      throw new SourceError(`the source has no resource '${name}'`, {
        context: { resource: name },
        retryable: false,
      });
    }
    return resource;
  };

  const recordsOf = (name: string, body: unknown): unknown[] | null => {
    const path = resourceOf(name).records;
    const records = path === undefined ? body : valueAtPath(body, path);
    return Array.isArray(records) ? records : null;
  };

  /** A URL the API gave: an echoed key is dropped, and the credential is not sent to another host. */
  const keepSafe = (url: string, context: { url: string; page: number }): string => {
    const { origin } = new URL(url);
    if (source.auth.type !== 'none' && origin !== baseOrigin) {
      const message = `GET ${context.url} links to ${origin}, where the credential must not go`;
      throw new SourceError(message, { context, retryable: false });
    }
    return credential.queryParam ? withoutParam(url, credential.queryParam) : url;
  };

  return {
    firstPageUrl: (name, cursor) => {
      const { url, pagination } = resourceOf(name);
      const incremental = cursor ? { [cursor.param]: cursor.value } : {};
      return withParams(url, { ...incremental, ...firstPageParams(pagination) });
    },
    readPage: ({ resource: name, page, url, body, headers: responseHeaders }) => {
      const resource = resourceOf(name);
      const json = parsePageBody(body, url);
      const records = recordsOf(name, json);
      if (records === null) {
        const where = resource.records === undefined ? 'as the body' : `at '${resource.records}'`;
        throw new SourceError(`GET ${url} returned no array of records ${where}`, {
          context: { url, resource: name, page },
          retryable: false,
        });
      }
      const sequence = readPageSequence({
        pagination: resource.pagination,
        page,
        url,
        body: json,
        headers: responseHeaders,
        recordCount: records.length,
      });
      return {
        recordCount: records.length,
        pagesTotal: sequence.pagesTotal,
        nextUrl: sequence.nextUrl === null ? null : keepSafe(sequence.nextUrl, { url, page }),
        fanOut: sequence.fanOut.map((next) => keepSafe(next, { url, page })),
      };
    },
    recordsOf,
    authorise: (url) => {
      const request = credential.authorise(url);
      return { url: request.url, headers: { ...headers, ...request.headers } };
    },
    credentialVariables: credential.variables,
  };
};
