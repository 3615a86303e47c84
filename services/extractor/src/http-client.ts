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

/** GETs `url` and returns its body as text; failures become SourceErrors that say what and where. */
export const fetchText = async (http: KyInstance, url: string): Promise<string> => {
  try {
    return await http.get(url).text();
  } catch (error) {
    if (isHTTPError(error)) {
      const { status } = (error as HTTPError).response;
      throw new SourceError(`GET ${url} answered ${status}`, {
        context: { url, status },
        cause: error,
        retryable: isRetryableStatus(status),
      });
    }
    if (error instanceof TimeoutError) {
      throw new SourceError(`GET ${url} timed out`, { context: { url }, cause: error });
    }
    throw new SourceError(`GET ${url} failed: ${(error as Error).message}`, {
      context: { url },
      cause: error,
    });
  }
};
