import * as z from 'zod';

/** An entry of a source's `allowedHosts`: a host name as URLs spell it, and the port it names, if any. */
export interface AllowedHost {
  /** Lower case, international names in punycode, IPv6 in brackets: what `new URL(…).hostname` gives. */
  hostname: string;
  /** Null when the entry names no port: then only the scheme's default port (80, 443) is allowed. */
  port: number | null;
}

// No scheme, path, query, credentials or wildcard: an entry names one host and nothing else.
const HOST_ENTRY = /^[^\s/\\?#@*]+$/;
const EXPLICIT_PORT = /:(\d+)$/;

/**
 * Reads `api.example.com`, `cdn.example.com:8443` or `[::1]:8080`; null for anything else. The port is read
 * from the text, because URL parsing drops a default one (`:80`) and the entry would then seem to name none.
 */
export const parseAllowedHost = (entry: string): AllowedHost | null => {
  if (!HOST_ENTRY.test(entry) || !URL.canParse(`http://${entry}`)) return null;
  const { hostname } = new URL(`http://${entry}`);
  const port = EXPLICIT_PORT.exec(entry)?.[1];
  return { hostname, port: port === undefined ? null : Number(port) };
};

/**
 * Hosts a source may reach besides its own origin (a CDN its pages link to, an API's pagination host, a
 * redirect target). Without it, the extractor fetches only from the origin of `baseUrl`, `startUrls` or
 * `listing.url`, so a message naming any other host is refused before a request is made.
 */
export const AllowedHostsSchema = z
  .array(
    z
      .string()
      .refine(
        (entry) => parseAllowedHost(entry) !== null,
        "a host name, optionally with its port ('api.example.com', '127.0.0.1:8080'), without scheme or path",
      ),
  )
  .min(1);
