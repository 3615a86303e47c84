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
  /**
   * A `full` or `snapshot_diff` capture's previous complete snapshot, which this one is compared with
   * (the snapshot of the last run that loaded every page); null on a first run or a full refresh.
   */
  base?: SnapshotBase | null;
  /**
   * Changes found by the pages before this one (the manifest counts them at the last page) and where
   * in the base snapshot the next page goes on comparing: present when `base` is.
   */
  diff?: SnapshotDiffPosition;
  /**
   * A cursor capture's key scan (`deletes: key_scan`), after its rows: the page its key pages start at,
   * and the keys read by the key pages before this one. Absent while the rows are read.
   */
  keys?: { from: number; read: number };
}

/** A complete snapshot of a table: the run that staged it and how many pages it has. */
export interface SnapshotBase {
  day: string;
  runId: string;
  pages: number;
}

export interface SnapshotDiffPosition {
  /** The base's page and line (both from 1) the next comparison starts at. */
  page: number;
  line: number;
  inserted: number;
  updated: number;
  deleted: number;
}

const SCHEME = 'mysql:';

export const mysqlPageUrl = ({
  pipeline,
  table,
  upper,
  since,
  after,
  rows,
  base,
  diff,
  keys,
}: MysqlPagePosition): string => {
  const query = new URLSearchParams({ upper });
  if (since !== null) query.set('since', since);
  if (after !== null) query.set('after', JSON.stringify(after));
  query.set('rows', String(rows));
  if (keys) query.set('keys', `${keys.from}.${keys.read}`);
  if (base) {
    query.set('base', `${base.day}/${base.runId}/${base.pages}`);
    const at = diff ?? { page: 1, line: 1, inserted: 0, updated: 0, deleted: 0 };
    query.set('diff', [at.page, at.line, at.inserted, at.updated, at.deleted].join('.'));
  }
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
  const { base, diff } = readBase(parsed.searchParams, broken);
  const keys = readKeys(parsed.searchParams.get('keys'), broken);
  return {
    pipeline: parsed.hostname,
    table: decodeURIComponent(parsed.pathname.slice(1)),
    upper,
    since: parsed.searchParams.get('since'),
    after: after as MysqlPagePosition['after'],
    rows,
    ...(base ? { base, diff } : {}),
    ...(keys ? { keys } : {}),
  };
};

const readKeys = (text: string | null, broken: (why: string) => ContractError) => {
  if (text === null) return null;
  const [from, read, ...extra] = text.split('.').map(Number);
  if (
    extra.length > 0 ||
    from === undefined ||
    read === undefined ||
    !isCount(from) ||
    from < 1 ||
    !isCount(read)
  ) {
    throw broken('keys');
  }
  return { from, read };
};

const readBase = (query: URLSearchParams, broken: (why: string) => ContractError) => {
  const baseText = query.get('base');
  if (baseText === null) return { base: null, diff: undefined };
  const [day, runId, pages, ...extra] = baseText.split('/');
  const counts = (query.get('diff') ?? '').split('.').map(Number);
  if (!day || !runId || extra.length > 0 || !isCount(Number(pages))) throw broken('base');
  if (counts.length !== 5 || !counts.every(isCount)) throw broken('diff');
  const [page, line, inserted, updated, deleted] = counts as [number, number, number, number, number];
  const base: SnapshotBase = { day, runId, pages: Number(pages) };
  return { base, diff: { page, line, inserted, updated, deleted } satisfies SnapshotDiffPosition };
};

const isCount = (value: number): boolean => Number.isInteger(value) && value >= 0;
