import type { HtmlResource } from '@sluice/contracts/pipeline-definition';
import { load } from 'cheerio';
import type { HtmlValue } from './html-clean.ts';
import { readBaseUrl, readFields } from './html-fields.ts';

export type HtmlFollow = NonNullable<HtmlResource['follow']>;
type Details = Record<string, HtmlValue>;

/**
 * `task` over `items` with at most `limit` running at once, started in order. After a failure nothing new
 * starts, and the first failure is thrown once the running ones have settled, so no request outlives the call.
 */
export const mapWithLimit = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = [];
  const failures: unknown[] = [];
  let next = 0;
  const work = async () => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, work));
  if (failures.length > 0) throw failures[0];
  return results;
};

/**
 * The detail fields of every linked page, fetched once per distinct URL with at most `concurrency` at once.
 * A null link gives null for every detail field.
 */
export const readDetails = async (input: {
  links: readonly (string | null)[];
  follow: HtmlFollow;
  fetchText: (url: string) => Promise<string>;
  concurrency: number;
}): Promise<Details[]> => {
  const { links, follow, fetchText, concurrency } = input;
  const urls = [...new Set(links.filter((link) => link !== null))];
  const pages = await mapWithLimit(urls, concurrency, async (url) => {
    const $ = load(await fetchText(url));
    return readFields($.root(), follow.fields, readBaseUrl($, url));
  });
  const byUrl = new Map(urls.map((url, index) => [url, pages[index]]));
  const missing = Object.fromEntries(Object.keys(follow.fields).map((name) => [name, null]));
  return links.map((link) => (link === null ? undefined : byUrl.get(link)) ?? missing);
};
