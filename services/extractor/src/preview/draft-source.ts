import { createHttpClient, fetchResponse } from '../http-client.ts';
import { draftHtmlResource } from './draft-html-source.ts';
import { draftRestSource, resourceNameOf } from './draft-rest-source.ts';

export interface DraftSourceOptions {
  url: string;
  /** Else read from the answer's content type: HTML is a web page, anything else a JSON API. */
  type?: 'rest' | 'html' | undefined;
  /** The variable the file reads the URL from (`BOOKS_URL`), the URL itself as its default. */
  urlVariable: string;
  /** A variable holding a bearer token to send, as `auth` will. */
  bearerVariable?: string | undefined;
  /** The resource's name; else the last segment of the URL's path. */
  resource?: string | undefined;
  env: Record<string, string | undefined>;
}

/** A source block as the pipeline file writes it, drafted from the first page of a URL. */
export interface SourceDraft {
  type: 'rest' | 'html';
  resource: string;
  source: Record<string, unknown>;
  /** What was guessed and how, for the person to check. */
  notes: string[];
}

const variable = (name: string, fallback: string) => `\${${name}:-${fallback}}`;

const fetchFirstPage = async (options: DraftSourceOptions) => {
  const token = options.bearerVariable ? options.env[options.bearerVariable] : undefined;
  if (options.bearerVariable && !token) {
    throw new Error(
      `Environment variable ${options.bearerVariable} is required (the bearer token, --bearer)`,
    );
  }
  const http = createHttpClient({
    timeoutMs: 15_000,
    retries: 1,
    headers: { accept: 'application/json, text/html;q=0.9, */*;q=0.5' },
  });
  return fetchResponse(http, options.url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
};

const typeOf = (options: DraftSourceOptions, contentType: string | null): 'rest' | 'html' =>
  options.type ?? (contentType?.includes('html') ? 'html' : 'rest');

/**
 * Fetches the first page of a URL once and drafts the source that reads it: for a JSON API, the base URL
 * and path, records path and pagination the page shows (see draftRestSource); for a web page, the rows,
 * fields and next link it has (see draftHtmlResource). The URL goes into the file behind a variable, so a
 * deployment can point the pipeline elsewhere.
 */
export const draftSource = async (options: DraftSourceOptions): Promise<SourceDraft> => {
  const response = await fetchFirstPage(options);
  const type = typeOf(options, response.headers.get('content-type'));
  if (type === 'html') {
    const resource = options.resource ?? resourceNameOf(new URL(options.url).pathname);
    const drafted = draftHtmlResource(response.body);
    const url = variable(options.urlVariable, options.url);
    return {
      type,
      resource,
      source: {
        type: 'html',
        // A web site is not an API: gently, as pipelines/episodes-html.yaml reads one.
        rateLimit: 2,
        resources: {
          [resource]: {
            ...(drafted.nextSelector
              ? { listing: { url, nextSelector: drafted.nextSelector, maxPages: 100 } }
              : { startUrls: [url] }),
            rowSelector: drafted.rowSelector,
            fields: drafted.fields,
          },
        },
      },
      notes: drafted.notes,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new Error(
      `GET ${options.url} did not answer JSON (${response.headers.get('content-type') ?? 'no content type'}); --type html reads a web page`,
    );
  }
  const drafted = draftRestSource({ url: options.url, body, headers: response.headers });
  const resource = options.resource ?? drafted.resource;
  return {
    type,
    resource,
    source: {
      type: 'rest',
      baseUrl: variable(options.urlVariable, drafted.baseUrl),
      ...(options.bearerVariable ? { auth: { type: 'bearer', token: `\${${options.bearerVariable}}` } } : {}),
      pagination: drafted.pagination,
      ...(drafted.records === null ? {} : { records: drafted.records }),
      resources: {
        [resource]: {
          path: drafted.path,
          ...(Object.keys(drafted.params).length > 0 ? { params: drafted.params } : {}),
        },
      },
    },
    notes: drafted.notes,
  };
};
