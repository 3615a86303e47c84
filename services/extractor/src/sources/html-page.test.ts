import { type HtmlResource, HtmlSourceSchema } from '@sluice/contracts/pipeline-definition';
import { MESSY_HTML } from '@sluice/fixtures';
import { describe, expect, it } from 'vitest';
import { extractHtmlPage } from './html-page.ts';

/** A resource as the pipeline schema gives it, defaults (attribute: text, href) filled in. */
const htmlResource = (resource: Record<string, unknown>): HtmlResource => {
  const source = HtmlSourceSchema.parse({ type: 'html', resources: { episodes: resource } });
  return source.resources.episodes as HtmlResource;
};

const EPISODE_FIELDS = {
  code: { selector: 'td:nth-child(1)', clean: ['trim'] },
  name: { selector: 'td:nth-child(2)', clean: ['collapse_whitespace', 'trim'] },
  air_date: { selector: 'td:nth-child(3)', clean: ['trim'] },
  page_url: { selector: 'td:nth-child(2) a', attribute: 'href' },
};
const FOLLOW = {
  selector: 'td:nth-child(2) a',
  fields: {
    synopsis: { selector: '.synopsis', clean: ['strip_html', 'collapse_whitespace', 'trim'] },
    runtime_minutes: { selector: '.runtime', clean: ['trim', { null_if: ['TBA'] }, 'to_number'] },
  },
};
const listingOf = (extra: Record<string, unknown> = {}) =>
  htmlResource({
    listing: { url: 'https://wiki.example/shows/episodes.html?page=1', nextSelector: 'a[rel=next]' },
    rowSelector: 'table.episodes tbody tr',
    fields: EPISODE_FIELDS,
    ...extra,
  });
const noFetch = async (url: string): Promise<string> => {
  throw new Error(`unexpected fetch of ${url}`);
};
const extract = (page: { url: string; html: string }, resource: HtmlResource, concurrency = 2) =>
  extractHtmlPage({ ...page, resource, fetchText: noFetch, concurrency });

/** Detail pages by URL, a log of the fetches, and the most that were ever running at once. */
const fakeDetailSite = (pages: Record<string, string>, options: { failOn?: string } = {}) => {
  const calls: string[] = [];
  let running = 0;
  let mostRunning = 0;
  const fetchText = async (url: string): Promise<string> => {
    calls.push(url);
    running += 1;
    mostRunning = Math.max(mostRunning, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    if (url === options.failOn) throw new Error(`GET ${url} answered 503`);
    const html = pages[url];
    if (html === undefined) throw new Error(`GET ${url} answered 404`);
    return html;
  };
  return { fetchText, calls, mostRunning: () => mostRunning };
};
const MESSY_DETAILS = {
  'https://wiki.example/shows/episode/1': MESSY_HTML.detail.html,
  'https://wiki.example/wiki/episode/2': MESSY_HTML.detailWithoutRuntime.html,
  'https://other.example/episode/3': MESSY_HTML.detailRuntimeTba.html,
  'https://wiki.example/shows/episode/6': MESSY_HTML.detailWithoutRuntime.html,
  'https://wiki.example/shows/episode/7': MESSY_HTML.detail.html,
};
const PILOT_SYNOPSIS =
  "Rick moves in with his daughter's family & becomes a bad influence on his grandson, Morty. Café scenes follow.";

describe('Function: extractHtmlPage()', () => {
  describe('rows and cells', () => {
    it('reads one record per row of the body the parser adds, not the header row nor the other table', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records.map((record) => record.code)).toEqual([
        'S01E01',
        'S01E02',
        'S01E03',
        'S01E04',
        'S01E05',
        'S01E06',
        'S01E07',
      ]);
    });

    it('reads the text of tags nested inside a cell', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records[0]).toEqual({
        code: 'S01E01',
        name: 'Pilot',
        air_date: 'December 2, 2013',
        page_url: 'https://wiki.example/shows/episode/1',
      });
    });

    it('reads <br> and block elements as line breaks, so words on two lines do not run together', async () => {
      const html = `<table class="episodes"><tbody><tr>
        <td class="code">S01E01</td>
        <td class="name">Pilot<br>Part one</td>
        <td class="air"><p>December 2, 2013</p><p>rerun</p></td>
      </tr></tbody></table>`;
      const resource = listingOf({
        fields: {
          code: { selector: '.code' },
          name: { selector: '.name', clean: ['collapse_whitespace', 'trim'] },
          air_date: { selector: '.air' },
        },
      });
      const { records } = await extract(
        { url: 'https://wiki.example/shows/episodes.html?page=1', html },
        resource,
      );
      expect(records[0]?.name).toBe('Pilot Part one');
      expect(records[0]?.air_date).toBe('\nDecember 2, 2013\n\nrerun\n');
    });

    it('decodes entities (&amp; &#39; &eacute; &nbsp;)', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records[1]?.name).toBe("Rick & Morty's Café Night");
    });

    it('gives null for a cell the row does not have, and reads the rest of the row', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records[2]).toEqual({
        code: 'S01E03',
        name: 'Anatomy Park',
        air_date: null,
        page_url: 'https://other.example/episode/3',
      });
    });

    it('gives null for the link of a row without one', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records[3]).toEqual({
        code: 'S01E04',
        name: 'M. Night Shaym-Aliens!',
        air_date: 'January 13, 2014',
        page_url: null,
      });
    });

    it('keeps whitespace and newlines inside cells until a clean step removes them', async () => {
      // Prepare
      const raw = listingOf({ fields: { code: { selector: 'td:nth-child(1)' } } });

      // Act
      const cleaned = await extract(MESSY_HTML.listing, listingOf());
      const asIs = await extract(MESSY_HTML.listing, raw);

      // Assess
      expect(cleaned.records[4]).toMatchObject({
        code: 'S01E05',
        name: 'Meeseeks and Destroy',
        air_date: 'January 20, 2014',
      });
      expect(asIs.records[4]?.code).toBe('\n       S01E05\n    ');
    });

    it('reads a row whose td and tr are never closed, ignoring the comment that ends up in its last cell', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records[5]).toEqual({
        code: 'S01E06',
        name: 'Rick Potion #9',
        air_date: 'January 27, 2014',
        page_url: 'https://wiki.example/shows/episode/6',
      });
    });

    it('reads uppercase tags, and attributes whatever case the page or the declaration spells them in', async () => {
      // Prepare
      const resource = listingOf({
        fields: {
          ...EPISODE_FIELDS,
          lower: { selector: 'td:nth-child(2) a', attribute: 'data-id' },
          upper: { selector: 'td:nth-child(2) a', attribute: 'DATA-ID' },
        },
      });

      // Act
      const { records } = await extract(MESSY_HTML.listing, resource);

      // Assess
      expect(records[6]).toEqual({
        code: 'S01E07',
        name: 'Raising Gazorpazorp',
        air_date: 'March 10, 2014',
        page_url: 'https://wiki.example/shows/episode/7',
        lower: '7',
        upper: '7',
      });
    });

    it('resolves relative and root-relative links against the page and keeps absolute ones', async () => {
      const { records } = await extract(MESSY_HTML.listing, listingOf());
      expect(records.map((record) => record.page_url)).toEqual([
        'https://wiki.example/shows/episode/1',
        'https://wiki.example/wiki/episode/2',
        'https://other.example/episode/3',
        null,
        'https://wiki.example/shows/episode/1#cast',
        'https://wiki.example/shows/episode/6',
        'https://wiki.example/shows/episode/7',
      ]);
    });

    it("resolves links against the page's <base href> when it has one", async () => {
      // Prepare
      const page = {
        url: 'https://wiki.example/shows/episodes.html',
        html: '<head><base href="/archive/"></head><ul><li><a href="e/1">Pilot</a><img src="p.png"></li></ul>',
      };
      const resource = htmlResource({
        startUrls: [page.url],
        rowSelector: 'li',
        fields: { link: { selector: 'a', attribute: 'href' }, image: { selector: 'img', attribute: 'src' } },
      });

      // Act
      const { records } = await extract(page, resource);

      // Assess
      expect(records).toEqual([
        { link: 'https://wiki.example/archive/e/1', image: 'https://wiki.example/archive/p.png' },
      ]);
    });

    it('gives the inner HTML for attribute html, which strip_html turns back into text', async () => {
      // Prepare
      const resource = listingOf({
        fields: {
          html: { selector: 'td:nth-child(2) a', attribute: 'html' },
          text: { selector: 'td:nth-child(2) a', attribute: 'html', clean: ['strip_html'] },
        },
      });

      // Act
      const { records } = await extract(MESSY_HTML.listing, resource);

      // Assess
      expect(records[0]).toEqual({ html: '<b><i>Pilot</i></b>', text: 'Pilot' });
      expect(records[1]).toEqual({
        html: "Rick &amp; Morty's Café&nbsp;Night",
        text: "Rick & Morty's Café\u00a0Night",
      });
    });

    it('gives zero records for a page where rowSelector matches nothing', async () => {
      const result = await extract(MESSY_HTML.noTable, listingOf());
      expect(result).toEqual({ records: [], nextUrl: null });
    });
  });

  describe('listing', () => {
    it("resolves the next page's href against the page", async () => {
      const { nextUrl } = await extract(MESSY_HTML.listing, listingOf());
      expect(nextUrl).toBe('https://wiki.example/shows/episodes.html?page=3');
    });

    it('takes the href of the first link inside what nextSelector finds when that has none', async () => {
      const { nextUrl } = await extract(
        MESSY_HTML.listing,
        listingOf({ listing: { url: 'x', nextSelector: '.pager' } }),
      );
      expect(nextUrl).toBe('https://wiki.example/shows/episodes.html?page=1');
    });

    it('gives no next page on the last page of the listing', async () => {
      const { records, nextUrl } = await extract(MESSY_HTML.lastListingPage, listingOf());
      expect(records).toHaveLength(1);
      expect(nextUrl).toBeNull();
    });

    it('gives no next page for a startUrls page, even one with a next link', async () => {
      // Prepare
      const resource = htmlResource({
        startUrls: [MESSY_HTML.listing.url],
        rowSelector: 'table.episodes tbody tr',
        fields: EPISODE_FIELDS,
      });

      // Act
      const { records, nextUrl } = await extract(MESSY_HTML.listing, resource);

      // Assess
      expect(records).toHaveLength(7);
      expect(nextUrl).toBeNull();
    });
  });

  describe('follow', () => {
    it("joins each row's detail fields to its record, after the row's fields", async () => {
      // Prepare
      const site = fakeDetailSite(MESSY_DETAILS);

      // Act
      const { records } = await extractHtmlPage({
        ...MESSY_HTML.listing,
        resource: listingOf({ follow: FOLLOW }),
        fetchText: site.fetchText,
        concurrency: 2,
      });

      // Assess
      expect(Object.keys(records[0] ?? {})).toEqual([
        'code',
        'name',
        'air_date',
        'page_url',
        'synopsis',
        'runtime_minutes',
      ]);
      expect(
        records.map(({ code, synopsis, runtime_minutes }) => ({ code, synopsis, runtime_minutes })),
      ).toEqual([
        { code: 'S01E01', synopsis: PILOT_SYNOPSIS, runtime_minutes: 22 },
        { code: 'S01E02', synopsis: 'Short.', runtime_minutes: null },
        { code: 'S01E03', synopsis: 'Not written yet.', runtime_minutes: null },
        { code: 'S01E04', synopsis: null, runtime_minutes: null },
        { code: 'S01E05', synopsis: PILOT_SYNOPSIS, runtime_minutes: 22 },
        { code: 'S01E06', synopsis: 'Short.', runtime_minutes: null },
        { code: 'S01E07', synopsis: PILOT_SYNOPSIS, runtime_minutes: 22 },
      ]);
    });

    it('fetches each detail URL once per page (a #fragment is the same page) and none for a row without a link', async () => {
      // Prepare
      const site = fakeDetailSite(MESSY_DETAILS);

      // Act
      await extractHtmlPage({
        ...MESSY_HTML.listing,
        resource: listingOf({ follow: FOLLOW }),
        fetchText: site.fetchText,
        concurrency: 3,
      });

      // Assess
      expect([...site.calls].sort()).toEqual(Object.keys(MESSY_DETAILS).sort());
    });

    it.each([1, 2, 4])(
      'never runs more than %i detail fetches at once, and runs that many',
      async (concurrency) => {
        // Prepare
        const site = fakeDetailSite(MESSY_DETAILS);

        // Act
        await extractHtmlPage({
          ...MESSY_HTML.listing,
          resource: listingOf({ follow: FOLLOW }),
          fetchText: site.fetchText,
          concurrency,
        });

        // Assess
        expect(site.mostRunning()).toBe(concurrency);
        expect(site.calls).toHaveLength(5);
      },
    );

    it('fails with the detail fetch error, and starts no fetch after it', async () => {
      // Prepare
      const site = fakeDetailSite(MESSY_DETAILS, { failOn: 'https://wiki.example/wiki/episode/2' });

      // Act
      const act = extractHtmlPage({
        ...MESSY_HTML.listing,
        resource: listingOf({ follow: FOLLOW }),
        fetchText: site.fetchText,
        concurrency: 1,
      });

      // Assess
      await expect(act).rejects.toThrow('GET https://wiki.example/wiki/episode/2 answered 503');
      expect(site.calls).toEqual([
        'https://wiki.example/shows/episode/1',
        'https://wiki.example/wiki/episode/2',
      ]);
    });

    it('treats a link to something other than a web page (mailto:) as no link', async () => {
      // Prepare
      const site = fakeDetailSite({});
      const page = {
        url: 'https://wiki.example/people.html',
        html: '<table><tr><td><a href="mailto:rick@example.test">Rick</a></td></tr></table>',
      };
      const resource = htmlResource({
        startUrls: [page.url],
        rowSelector: 'tr',
        fields: { name: { selector: 'td' } },
        follow: { selector: 'a', fields: { bio: { selector: '.bio' } } },
      });

      // Act
      const { records } = await extractHtmlPage({
        ...page,
        resource,
        fetchText: site.fetchText,
        concurrency: 1,
      });

      // Assess
      expect(records).toEqual([{ name: 'Rick', bio: null }]);
      expect(site.calls).toEqual([]);
    });

    it('refuses a concurrency that is not a positive whole number', async () => {
      await expect(extract(MESSY_HTML.listing, listingOf(), 0)).rejects.toThrow(RangeError);
    });
  });
});
