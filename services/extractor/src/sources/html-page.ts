import type { HtmlResource } from '@sluice/contracts/pipeline-definition';
import { type Cheerio, type CheerioAPI, load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { HtmlValue } from './html-clean.ts';
import { readBaseUrl, readFields, readValue, resolveUrl } from './html-fields.ts';
import { type HtmlFollow, readDetails } from './html-follow.ts';

export type { HtmlValue } from './html-clean.ts';

export interface HtmlPageResult {
  /** One record per element matching rowSelector, fields in declaration order, follow fields joined. */
  records: Record<string, HtmlValue>[];
  /** The listing's next page (nextSelector's href resolved against the page URL); null at the end or for startUrls pages. */
  nextUrl: string | null;
}

export interface HtmlPageInput {
  html: string;
  url: string;
  resource: HtmlResource;
  /** Fetches a detail page; the extractor passes its retried, rate-limited client. Failures propagate. */
  fetchText: (url: string) => Promise<string>;
  /** Detail pages fetched at once. */
  concurrency: number;
}

/**
 * The page to follow from a row: resolved whatever attribute holds it, without its #fragment (the server
 * never sees it, so `/e/1` and `/e/1#cast` are one page), and only http(s): a `mailto:` or `javascript:` link
 * leads to no page.
 */
const readFollowLink = (row: Cheerio<AnyNode>, follow: HtmlFollow, baseUrl: string): string | null => {
  const value = readValue(row, follow.selector, follow.attribute, baseUrl);
  const url = value === null ? null : resolveUrl(value, baseUrl);
  if (url === null) return null;
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
};

/** The listing's next page: the href of what `nextSelector` finds, or of the first link inside it. */
const readNextUrl = ($: CheerioAPI, nextSelector: string, baseUrl: string): string | null => {
  const next = $(nextSelector).first();
  const href = next.attr('href') ?? next.find('a[href]').first().attr('href');
  return href === undefined ? null : resolveUrl(href, baseUrl);
};

/**
 * The records of one HTML page: a record per row, and with `follow`, each row's detail page read into it.
 * Everything lives in this call (no state across pages), so pages can be processed one by one as they come.
 */
export const extractHtmlPage = async (input: HtmlPageInput): Promise<HtmlPageResult> => {
  const { resource, concurrency } = input;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`extractHtmlPage: concurrency must be a positive whole number, got ${concurrency}`);
  }
  const $ = load(input.html);
  const baseUrl = readBaseUrl($, input.url);
  const rows = $(resource.rowSelector)
    .toArray()
    .map((element) => $(element));
  const records = rows.map((row) => readFields(row, resource.fields, baseUrl));
  const nextUrl = resource.listing ? readNextUrl($, resource.listing.nextSelector, baseUrl) : null;
  const { follow } = resource;
  if (!follow) return { records, nextUrl };
  const links = rows.map((row) => readFollowLink(row, follow, baseUrl));
  const details = await readDetails({ links, follow, fetchText: input.fetchText, concurrency });
  return { records: records.map((record, index) => ({ ...record, ...details[index] })), nextUrl };
};
