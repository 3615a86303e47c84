import { SourceError } from './source-errors.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** fetch's own limit is 20; a source that needs more than a few hops is going round in circles. */
export const MAX_REDIRECTS = 10;
/** What fetch drops when a redirect changes origin, so a credential never follows the request elsewhere. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** Asked before each hop, with the URL to go to and the URL that redirected; throws to refuse it. */
export type CheckRedirect = (next: string, from: string) => void;

/**
 * A fetch (for ky's `fetch` option) that follows redirects itself and asks `checkRedirect` before each
 * hop. fetch's own following would connect to the next host first and report it after, too late to
 * refuse a redirect that leaves the source. Only GETs are sent: the extractor reads, it never posts.
 */
export const fetchFollowingRedirects =
  (checkRedirect: CheckRedirect, maxRedirects = MAX_REDIRECTS) =>
  async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, { ...init, redirect: 'manual' });
    for (let hops = 0; ; hops += 1) {
      const response = await fetch(request);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      // The body of a redirect is never read; cancelling it frees the connection for the next hop.
      await response.body?.cancel();
      const next = new URL(location, request.url).href;
      if (hops >= maxRedirects) {
        throw new SourceError(`GET ${next} was reached after ${maxRedirects} redirects; not following more`, {
          context: { url: next },
          retryable: false,
        });
      }
      checkRedirect(next, request.url);
      const headers = new Headers(request.headers);
      if (new URL(next).origin !== new URL(request.url).origin) {
        for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      }
      request = new Request(next, { headers, signal: request.signal, redirect: 'manual' });
    }
  };
