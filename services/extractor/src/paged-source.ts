/** A source whose resources come in numbered pages and whose first page tells how many there are. */
export interface PagedSource {
  pageUrl: (resource: string, page: number) => string;
  /** Checks that `body` is a whole page; throws a SourceError if not. */
  readPage: (body: string, url: string) => { pagesTotal: number; recordCount: number };
}
