// RFC 8288: `<uri>; rel="next"; title="…", <uri>; rel="last"`. A URI may hold commas and semicolons, a
// quoted parameter value may hold anything but an unescaped quote; `rel` may list several relation types.
const LINK_VALUE =
  /\s*<([^>]*)>((?:\s*;\s*[^\s;,=]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^\s;,"]*))?)*)\s*(?:,|$)/y;
const PARAMETER = /;\s*([^\s;,=]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,"]*)))?/g;

export type Link = { href: string; rel: string[] };

/** The links of a `Link` header, in order; parsing stops at the first malformed one. */
export const parseLinkHeader = (header: string): Link[] => {
  const links: Link[] = [];
  LINK_VALUE.lastIndex = 0;
  while (LINK_VALUE.lastIndex < header.length) {
    const match = LINK_VALUE.exec(header);
    if (!match) break;
    let rel: string[] = [];
    for (const [, name, quoted, token] of (match[2] ?? '').matchAll(PARAMETER)) {
      // The first `rel` counts (RFC 8288 §3); relation types compare case-insensitively.
      if (name?.toLowerCase() === 'rel' && rel.length === 0) {
        rel = (quoted?.replace(/\\(.)/g, '$1') ?? token ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      }
    }
    links.push({ href: match[1] ?? '', rel });
  }
  return links;
};

/** The target of the first `rel="next"` link, as written (maybe relative), or null when there is none. */
export const nextLinkOf = (header: string | null): string | null =>
  header === null ? null : (parseLinkHeader(header).find((link) => link.rel.includes('next'))?.href ?? null);
