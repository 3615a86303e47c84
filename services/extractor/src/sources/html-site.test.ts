import { readFile } from 'node:fs/promises';
import { type HtmlResource, parsePipelineYaml, resolveTemplate } from '@sluice/contracts/pipeline-definition';
import { type EpisodesSite, expectedEpisodeRecords, startEpisodesSite } from '@sluice/fixtures';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractHtmlPage, type HtmlValue } from './html-page.ts';

const PIPELINE_FILE = new URL('../../../../pipelines/episodes-html.yaml', import.meta.url);
const SEED = 7;
const EPISODES = 10;

/** The `episodes` resource of pipelines/episodes-html.yaml, as the extractor reads it. */
const readPipelineResource = async (): Promise<HtmlResource> => {
  const result = await parsePipelineYaml(await readFile(PIPELINE_FILE, 'utf8'), 'episodes-html.yaml');
  if (!result.ok) throw new Error(`episodes-html.yaml does not parse: ${JSON.stringify(result.errors)}`);
  const { source } = result.pipeline;
  if (source.type !== 'html' || !source.resources.episodes) throw new Error('no html resource `episodes`');
  return source.resources.episodes;
};

const fetchText = async (url: string): Promise<string> => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
};

/** Reads the listing from `url` on, page after page, as the extractor will. */
const scrapeListing = async (url: string, resource: HtmlResource, concurrency: number) => {
  const records: Record<string, HtmlValue>[] = [];
  const pages: string[] = [];
  for (let next: string | null = url; next !== null; ) {
    pages.push(next);
    const page = await extractHtmlPage({
      html: await fetchText(next),
      url: next,
      resource,
      fetchText,
      concurrency,
    });
    records.push(...page.records);
    next = page.nextUrl;
  }
  return { records, pages };
};

const countOf = (values: readonly string[]) =>
  values.reduce(
    (counts, value) => counts.set(value, (counts.get(value) ?? 0) + 1),
    new Map<string, number>(),
  );

let pipelineResource: HtmlResource;
beforeAll(async () => {
  pipelineResource = await readPipelineResource();
});
const sites: EpisodesSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((site) => site.close()));
});
const startSite = async (pageSize?: number) => {
  const site = await startEpisodesSite({ seed: SEED, episodes: EPISODES, ...(pageSize ? { pageSize } : {}) });
  sites.push(site);
  return site;
};

describe('Function: extractHtmlPage() against startEpisodesSite()', () => {
  it('scrapes the expected records with pipelines/episodes-html.yaml unchanged, EPISODES_HTML_URL pointing at it', async () => {
    // Prepare
    const site = await startSite();
    const url = resolveTemplate(pipelineResource.listing?.url ?? '', { EPISODES_HTML_URL: site.url });

    // Act
    const page = await extractHtmlPage({
      html: await fetchText(url),
      url,
      resource: pipelineResource,
      fetchText,
      concurrency: 1,
    });

    // Assess
    const expected = expectedEpisodeRecords({ seed: SEED, episodes: EPISODES, url: site.url });
    expect(page.records).toEqual(expected);
    expect(page.nextUrl).toBeNull();
    // The messy rows are there: a row without a link, and a detail page without a usable runtime.
    expect(expected.some((record) => record.page_url === null)).toBe(true);
    expect(expected.some((record) => record.page_url !== null && record.runtime_minutes === null)).toBe(true);
  });

  it('follows every page of a split listing, fetching each detail page once', async () => {
    // Prepare
    const site = await startSite(4);

    // Act
    const { records, pages } = await scrapeListing(site.url, pipelineResource, 3);

    // Assess
    const expected = expectedEpisodeRecords({ seed: SEED, episodes: EPISODES, url: site.url });
    expect(records).toEqual(expected);
    expect(pages.map((page) => new URL(page).pathname)).toEqual([
      '/episodes.html',
      '/episodes-2.html',
      '/episodes-3.html',
    ]);
    const details = site.requests().filter((path) => path.startsWith('/episodes/'));
    const linked = expected.flatMap((record) => (record.page_url === null ? [] : [new URL(record.page_url)]));
    expect(countOf(details)).toEqual(countOf(linked.map((link) => `${link.pathname}${link.search}`)));
    expect(site.requests()).toHaveLength(pages.length + linked.length);
  });
});
