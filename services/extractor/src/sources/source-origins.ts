import {
  type AllowedHost,
  type PipelineDefinition,
  parseAllowedHost,
  resolveTemplate,
} from '@sluice/contracts/pipeline-definition';
import { ForeignHostError } from '../source-errors.ts';

type Source = PipelineDefinition['source'];

export interface SourceOrigins {
  /**
   * Throws a ForeignHostError unless `url` is http(s) and on the source's own origin or a host of
   * `allowedHosts`. The error names `shownUrl` when given (the URL without its credential), and says
   * whether a request or a redirect was refused.
   */
  check: (url: string, options?: { shownUrl?: string; redirect?: boolean }) => void;
}

const isHttp = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';

/** The URLs a source is declared with, before any link or redirect: where its pages may come from. */
const declaredUrls = (source: Source): string[] => {
  if (source.type === 'rest') return [source.baseUrl];
  // A database source fetches no URL: it has no origin, so any URL asked of it is refused.
  if (source.type === 'mysql') return [];
  return Object.values(source.resources).flatMap((resource) => [
    ...(resource.startUrls ?? []),
    ...(resource.listing ? [resource.listing.url] : []),
  ]);
};

/**
 * The origins (scheme, host, port) of the source, once `${VAR}`s are resolved: a variable can move a
 * pipeline to a mirror, and the mirror is then its source. URLs that are not http(s) give no origin.
 */
export const sourceOriginsOf = (source: Source, env: Record<string, string | undefined>): string[] => {
  const urls = declaredUrls(source)
    .map((template) => resolveTemplate(template, env))
    .filter((url) => URL.canParse(url))
    .map((url) => new URL(url))
    .filter(isHttp);
  return [...new Set(urls.map((url) => url.origin))];
};

const effectivePort = (url: URL) =>
  url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);

/** An entry without a port allows the scheme's default port only, as a browser address bar would. */
const isAllowedHost = (url: URL, host: AllowedHost) =>
  url.hostname === host.hostname && (host.port === null ? url.port === '' : effectivePort(url) === host.port);

/**
 * The one check between a URL and a request: the extractor fetches pages of its own source, never a
 * host that a message, a page's link or a redirect merely names (SSRF). Every fetch of a page source,
 * and every redirect it follows, goes through `check` before it connects.
 */
export const createSourceOrigins = (
  pipeline: Pick<PipelineDefinition, 'name' | 'source'>,
  env: Record<string, string | undefined>,
): SourceOrigins => {
  const origins = sourceOriginsOf(pipeline.source, env);
  const entries = (pipeline.source.type === 'mysql' ? undefined : pipeline.source.allowedHosts) ?? [];
  // The schema has checked every entry parses.
  const hosts = entries.map((entry) => parseAllowedHost(entry)).filter((host) => host !== null);
  // What the error tells an operator to check: the resolved origins, and the key that widens them.
  const allowed = `only http(s) URLs of ${origins.join(', ') || 'no origin'} and of source.allowedHosts (${entries.join(', ') || 'none'})`;

  return {
    check: (url, options = {}) => {
      const parsed = URL.canParse(url) ? new URL(url) : null;
      if (
        parsed &&
        isHttp(parsed) &&
        (origins.includes(parsed.origin) || hosts.some((host) => isAllowedHost(parsed, host)))
      ) {
        return;
      }
      const host = parsed?.host || '(none)';
      const shown = options.shownUrl ?? url;
      const subject = options.redirect ? `the redirect to ${shown}` : `GET ${shown}`;
      throw new ForeignHostError({ pipeline: pipeline.name, url: shown, host, allowed, subject });
    },
  };
};
