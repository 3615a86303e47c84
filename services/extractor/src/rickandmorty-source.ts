import * as z from 'zod';
import type { PagedSource } from './paged-source.ts';
import { SourceError } from './source-errors.ts';

// Just what paging needs; the transformer validates the records themselves.
const PageEnvelopeSchema = z.object({
  info: z.object({ count: z.int().nonnegative(), pages: z.int().positive() }),
  results: z.array(z.unknown()),
});

/**
 * The Rick and Morty API: `<base>/<resource>?page=N`, 20 records a page, and every page says how many
 * pages there are (`info.pages`), so the rest of a resource can be fetched in parallel after page 1.
 */
export const createRickAndMortySource = (baseUrl: string): PagedSource => {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    pageUrl: (resource, page) => `${base}/${resource}?page=${page}`,
    readPage: (body, url) => {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch (error) {
        // A truncated body is usually a dropped connection: worth another try.
        throw new SourceError(`GET ${url} returned a body that is not JSON (${body.length} bytes)`, {
          context: { url },
          cause: error,
        });
      }
      const page = PageEnvelopeSchema.safeParse(json);
      if (!page.success) {
        throw new SourceError(`GET ${url} returned no page: ${z.prettifyError(page.error)}`, {
          context: { url },
          retryable: false,
        });
      }
      return { pagesTotal: page.data.info.pages, recordCount: page.data.results.length };
    },
  };
};
