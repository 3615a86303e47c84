import { ContractError } from './errors.ts';

/**
 * Where a page of a mysql source starts, carried in its `page.requested` message as its URL, so that the
 * messages stay those of every source and a page keeps one identity across its retries:
 * `mysql://<pipeline>/<table>?upper=…&since=…&after=…&rows=…`.
 */
export interface MysqlPagePosition {
  pipeline: string;
  table: string;
  /**
   * The database's `NOW(6)` when the run planned the table's first page, as its text in the source's zone:
   * every page of the table is read as of this bound, and a cursor capture stops before it.
   */
  upper: string;
  /** A cursor capture's start: the upper bound of the last complete run (before the lag); else null. */
  since: string | null;
  /** The order key of the previous page's last row (cursor first, then the primary key); null on page 1. */
  after: (string | number)[] | null;
  /** Rows staged by the pages before this one: the manifest counts them at the last page. */
  rows: number;
}

const SCHEME = 'mysql:';

export const mysqlPageUrl = ({ pipeline, table, upper, since, after, rows }: MysqlPagePosition): string => {
  const query = new URLSearchParams({ upper });
  if (since !== null) query.set('since', since);
  if (after !== null) query.set('after', JSON.stringify(after));
  query.set('rows', String(rows));
  return `${SCHEME}//${pipeline}/${table}?${query}`;
};

export const isMysqlPageUrl = (url: string): boolean => url.startsWith(`${SCHEME}//`);

const isKeyValue = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** The position a page URL names; a ContractError when it is not one mysqlPageUrl wrote. */
export const readMysqlPageUrl = (url: string): MysqlPagePosition => {
  const broken = (why: string) => new ContractError(`not a mysql page URL (${why}): ${url}`, { url });
  if (!isMysqlPageUrl(url) || !URL.canParse(url)) throw broken('scheme');
  const parsed = new URL(url);
  const upper = parsed.searchParams.get('upper');
  const rows = Number(parsed.searchParams.get('rows') ?? '0');
  if (!upper) throw broken('no upper bound');
  if (!Number.isInteger(rows) || rows < 0) throw broken('rows');
  const afterText = parsed.searchParams.get('after');
  let after: unknown = null;
  if (afterText !== null) {
    try {
      after = JSON.parse(afterText);
    } catch {
      throw broken('after is not JSON');
    }
    if (!Array.isArray(after) || after.length === 0 || !after.every(isKeyValue)) throw broken('after');
  }
  return {
    pipeline: parsed.hostname,
    table: decodeURIComponent(parsed.pathname.slice(1)),
    upper,
    since: parsed.searchParams.get('since'),
    after: after as MysqlPagePosition['after'],
    rows,
  };
};
