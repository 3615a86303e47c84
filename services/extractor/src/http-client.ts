import { SluiceError } from '@sluice/runtime';
import ky, { type HTTPError, isHTTPError, type KyInstance, TimeoutError } from 'ky';
import { isRetryableStatus, SourceError } from './source-errors.ts';

export interface HttpClientOptions {
  timeoutMs: number;
  retries: number;
  /** Headers on every request (an API key, a user agent). */
  headers?: Record<string, string>;
}

/**
 * ky with the retry policy of a polite extractor: 408, 429 and 5xx are retried with exponential backoff
 * and full jitter (so parallel page fetches do not retry in lock-step), and `Retry-After` is honoured on
 * 429 and 503, up to a minute.
 */
export const createHttpClient = ({ timeoutMs, retries, headers }: HttpClientOptions): KyInstance =>
  ky.create({
    timeout: timeoutMs,
    headers: { 'user-agent': 'sluice-extractor', accept: 'application/json', ...headers },
    retry: {
      limit: retries,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: 60_000,
      backoffLimit: 10_000,
      jitter: true,
      retryOnTimeout: true,
    },
  });

export interface FetchedResponse {
  body: string;
  headers: Headers;
}

export interface FetchOptions {
  /** Request headers of this request only (a credential). */
  headers?: Record<string, string>;
  /** The URL to name in errors when the one fetched carries a credential in its query. */
  shownUrl?: string;
  /** Said after a 401 or 403, e.g. which variable holds the credential. */
  authHint?: string;
}

/** GETs `url`; failures become SourceErrors that say what and where (never the credential). */
export const fetchResponse = async (
  http: KyInstance,
  url: string,
  options: FetchOptions = {},
): Promise<FetchedResponse> => {
  const shown = options.shownUrl ?? url;
  try {
    const response = await http.get(url, options.headers ? { headers: options.headers } : {});
    return { body: await response.text(), headers: response.headers };
  } catch (error) {
    // Already ours (a refused redirect): it knows whether it is retryable and names no credential.
    if (error instanceof SluiceError) throw error;
    if (isHTTPError(error)) {
      const { status } = (error as HTTPError).response;
      const denied = (status === 401 || status === 403) && options.authHint ? `: ${options.authHint}` : '';
      throw new SourceError(`GET ${shown} answered ${status}${denied}`, {
        context: { url: shown, status },
        cause: error,
        retryable: isRetryableStatus(status),
      });
    }
    if (error instanceof TimeoutError) {
      throw new SourceError(`GET ${shown} timed out`, { context: { url: shown }, cause: error });
    }
    throw new SourceError(`GET ${shown} failed: ${(error as Error).message.replaceAll(url, shown)}`, {
      context: { url: shown },
      cause: error,
    });
  }
};

/** GETs `url` and returns its body as text. */
export const fetchText = async (http: KyInstance, url: string): Promise<string> =>
  (await fetchResponse(http, url)).body;
