import { ContractError, type MysqlPagePosition, mysqlPageUrl, readMysqlPageUrl } from '@sluice/contracts';
import {
  type MysqlResource,
  type MysqlSource,
  type PipelineDefinition,
  templateVariables,
} from '@sluice/contracts/pipeline-definition';
import type { FieldPacket, Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { SourceError } from '../source-errors.ts';
import { sourceDatabaseError } from './mysql-errors.ts';
import { cursorColumnQuery, orderKeyOf, pageQuery, type SqlQuery, upperBoundAt } from './mysql-query.ts';
import type { FetchedPage, PageSource, SnapshotManifestFields } from './page-source.ts';
import {
  diffRange,
  type KeyKind,
  KeyOrderError,
  type KeyValue,
  keyComparator,
  type RangeChanges,
  type SnapshotLine,
} from './snapshot-diff.ts';
import type { SnapshotKind, SnapshotStore } from './snapshot-store.ts';

const CURSOR_TYPES = new Set(['datetime', 'timestamp']);

type Row = Record<string, unknown>;

/**
 * A mysql source as the extractor's pages: each table read in keyset pages, one after the other (each
 * page's URL says where the next starts), each page inside its own consistent, read-only snapshot, in the
 * source's time zone. Page 1's URL is planned when the run starts: it carries the database's `NOW(6)`, the
 * upper bound every page of the table is read as of.
 */
export const createMysqlPageSource = (
  pipeline: Pick<PipelineDefinition, 'name'> & { source: MysqlSource },
  pool: Pool,
  snapshots: SnapshotStore,
): PageSource => {
  const { source } = pipeline;
  const variable = templateVariables(source.connection)[0] ?? 'connection';
  const resourceOf = (name: string): MysqlResource => {
    const resource = source.resources[name];
    if (!resource) throw new ContractError(`pipeline ${pipeline.name} has no resource ${name}`);
    return resource;
  };
  const withSession = async <T>(table: string, work: (connection: PoolConnection) => Promise<T>) => {
    try {
      const connection = await pool.getConnection();
      try {
        await connection.query('SET time_zone = ?', [source.timezone]);
        return await work(connection);
      } finally {
        connection.release();
      }
    } catch (error) {
      throw sourceDatabaseError(error, { pipeline: pipeline.name, variable, table });
    }
  };

  /**
   * The page against the base snapshot's rows in the same key range: from where the previous page's
   * comparison stopped up to this page's last key (the last page: to the base's end, where keys deleted
   * after this snapshot's greatest are). The position and running counts go on in the next page's URL.
   */
  const compareWithBase = async (
    position: MysqlPagePosition,
    resource: MysqlResource,
    page: { rows: Row[]; lines: string[]; through: KeyValue[] | null; keyKinds: KeyKind[] },
    of: SnapshotKind = 'rows',
  ): Promise<{ changes: RangeChanges; diff: NonNullable<MysqlPagePosition['diff']> }> => {
    const base = position.base as NonNullable<MysqlPagePosition['base']>;
    const at = position.diff ?? { page: 1, line: 1, inserted: 0, updated: 0, deleted: 0 };
    const compare = keyComparator(page.keyKinds);
    const keyOfRow = (row: Row): KeyValue[] => keyOf({ ...resource, capture: 'full' }, row);
    const current: SnapshotLine[] = page.rows.map((row, index) => ({
      key: keyOfRow(row),
      line: page.lines[index] as string,
    }));
    try {
      const range = await snapshots.readRange(
        { pipeline: pipeline.name, table: resource.table, base, of },
        at,
        page.through,
        keyOfRow,
        compare,
      );
      const changes = diffRange(current, range.lines, compare, {
        keepUnchanged: resource.capture === 'full',
      });
      const diff = {
        ...range.next,
        inserted: at.inserted + changes.inserted,
        updated: at.updated + changes.updated,
        deleted: at.deleted + changes.deleted,
      };
      return { changes, diff };
    } catch (error) {
      if (!(error instanceof KeyOrderError)) throw error;
      throw new SourceError(`table ${resource.table} of pipeline ${pipeline.name}: ${error.message}`, {
        context: { pipeline: pipeline.name, table: resource.table },
        retryable: false,
      });
    }
  };

  /** Once a table's snapshot is whole, its days past `retentionDays` go; never today's or the base's. */
  const expireSnapshots = async (table: string, day: string, baseDay: string | undefined) => {
    if (source.retentionDays === undefined) return;
    const cutoff = new Date(`${day}T00:00:00Z`);
    cutoff.setUTCDate(cutoff.getUTCDate() - source.retentionDays);
    const keep = [day, ...(baseDay ? [baseDay] : [])];
    await snapshots.expireDays(pipeline.name, table, cutoff.toISOString().slice(0, 10), keep);
  };

  /** What a table's manifest says of its snapshot: the run's bounds and zone, and what the pages found. */
  const manifestOf = (
    resource: MysqlResource,
    position: MysqlPagePosition,
    found: Pick<SnapshotManifestFields, 'pages' | 'rows' | 'columns' | 'base' | 'changes' | 'keyScan'>,
  ): SnapshotManifestFields => ({
    table: resource.table,
    capture: resource.capture,
    upperBound: position.upper,
    since: position.since,
    lagSeconds: resource.lagSeconds ?? 0,
    timezone: source.timezone,
    ...found,
  });

  /**
   * A page of a cursor capture's key scan (`deletes: key_scan`): the next keys of the table, every one
   * whatever its cursor, staged under `keys/` and compared with the last complete run's scan. What goes
   * on is only the keys gone since (an insert was read by its cursor already), marked deleted.
   */
  const fetchKeyPage = async (resource: MysqlResource, page: number, position: MysqlPagePosition) => {
    const scan = position.keys as NonNullable<MysqlPagePosition['keys']>;
    const keysOnly: MysqlResource = { ...resource, capture: 'full', columns: resource.primaryKey };
    const query = pageQuery(keysOnly, { ...position, since: null }, source.pageSize);
    const { rows: read, keyKinds } = await withSession(resource.table, (connection) =>
      inSnapshot(connection, query, resource.primaryKey),
    );
    const rows = read.slice(0, source.pageSize);
    const last = rows.at(-1);
    const more = read.length > source.pageSize && last !== undefined;
    const lines = rows.map((row) => JSON.stringify(row));
    const after = more ? keyOf(keysOnly, last) : null;
    const compared = position.base
      ? await compareWithBase(position, keysOnly, { rows, lines, through: after, keyKinds }, 'keys')
      : null;
    // The comparison lists the keys gone last; a key new since was read by its cursor already.
    const gone = compared
      ? compared.changes.lines.slice(compared.changes.lines.length - compared.changes.deleted)
      : [];
    const keys = { from: scan.from, read: scan.read + rows.length };
    const day = position.upper.slice(0, 10);
    const manifest = manifestOf(resource, position, {
      pages: page,
      rows: position.rows,
      columns: resource.columns ?? [],
      base: null,
      changes: null,
      keyScan: {
        pages: page - scan.from + 1,
        keys: keys.read,
        base: position.base ? { day: position.base.day, runId: position.base.runId } : null,
        deleted: compared ? compared.diff.deleted : null,
      },
    });
    const next = after ? { ...position, after, keys, ...(compared ? { diff: compared.diff } : {}) } : null;
    return {
      body: gone.map((line) => `${line}\n`).join(''),
      recordCount: gone.length,
      pagesTotal: more ? null : page,
      nextUrl: next ? mysqlPageUrl(next) : null,
      fanOut: [],
      snapshot: {
        table: resource.table,
        day,
        lake: lines.map((line) => `${line}\n`).join(''),
        keysPage: page - scan.from + 1,
        manifest: more ? null : manifest,
      },
    } satisfies FetchedPage;
  };

  return {
    firstPageUrl: async (name, cursor) => {
      const resource = resourceOf(name);
      const upper = await withSession(resource.table, (connection) =>
        upperBoundOf(connection, resource, pipeline.name),
      );
      const previous = cursor === undefined ? null : String(cursor.value);
      if (resource.capture === 'cursor') {
        const first = { pipeline: pipeline.name, table: resource.table, upper, since: previous };
        return mysqlPageUrl({ ...first, after: null, rows: 0 });
      }
      // Compared with the snapshot of the last run that loaded every page: found by its upper bound.
      const base =
        previous === null ? null : await snapshots.findBase(pipeline.name, resource.table, previous);
      return mysqlPageUrl({
        pipeline: pipeline.name,
        table: resource.table,
        upper,
        since: null,
        after: null,
        rows: 0,
        base,
      });
    },
    fetchPage: async ({ resource: name, page, url }) => {
      const resource = resourceOf(name);
      const position = readMysqlPageUrl(url);
      if (position.pipeline !== pipeline.name || position.table !== resource.table) {
        throw new ContractError(`page ${page} of ${name} names another table: ${url}`, { url });
      }
      if (position.keys) return fetchKeyPage(resource, page, position);
      const query = pageQuery(resource, position, source.pageSize);
      const {
        rows: read,
        columns,
        keyKinds,
      } = await withSession(resource.table, (connection) =>
        inSnapshot(connection, query, resource.primaryKey),
      );
      const rows = read.slice(0, source.pageSize);
      const last = rows.at(-1);
      const more = read.length > source.pageSize && last !== undefined;
      const staged = position.rows + rows.length;
      // One row a line: the transformer reads a `.jsonl` page line by line.
      const lines = rows.map((row) => JSON.stringify(row));
      const after = more ? keyOf(resource, last) : null;
      const compared = position.base
        ? await compareWithBase(position, resource, { rows, lines, through: after, keyKinds })
        : null;
      const body = lines.map((line) => `${line}\n`).join('');
      const changed = compared?.changes.lines.map((line) => `${line}\n`).join('') ?? null;
      const day = position.upper.slice(0, 10);
      // A cursor capture that scans its keys goes on from its last row page to its key pages, compared
      // with the key scan of the run its cursor came from.
      const scan = !more && resource.deletes === 'key_scan';
      const keyBase =
        scan && position.since !== null
          ? await snapshots.findBase(pipeline.name, resource.table, position.since, 'keys')
          : null;
      if (!more) await expireSnapshots(resource.table, day, position.base?.day);
      const manifest = manifestOf(resource, position, {
        pages: page,
        rows: staged,
        columns,
        base: position.base ? { day: position.base.day, runId: position.base.runId } : null,
        changes: compared
          ? {
              inserted: compared.diff.inserted,
              updated: compared.diff.updated,
              deleted: compared.diff.deleted,
            }
          : null,
      });
      const next: MysqlPagePosition | null = after
        ? { ...position, after, rows: staged, ...(compared ? { diff: compared.diff } : {}) }
        : scan
          ? { ...position, after: null, rows: staged, keys: { from: page + 1, read: 0 }, base: keyBase }
          : null;
      return {
        // Compared with a base, the transformer reads the changes; the snapshot page stays as read.
        body: changed ?? body,
        recordCount: compared ? compared.changes.lines.length : rows.length,
        pagesTotal: more || scan ? null : page,
        nextUrl: next ? mysqlPageUrl(next) : null,
        fanOut: [],
        snapshot: {
          table: resource.table,
          day,
          lake: changed === null || changed === body ? null : body,
          manifest: more || scan ? null : manifest,
        },
      } satisfies FetchedPage;
    },
  };
};

// mysql2's field types that hold numbers: DECIMAL, TINY, SHORT, LONG, FLOAT, DOUBLE, LONGLONG, INT24,
// YEAR, NEWDECIMAL. A key of one of them is compared as a number, though BIGINT and DECIMAL come as text.
const NUMERIC_FIELD_TYPES = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);

/** Runs the page's one query in a snapshot of its own, read-only: a page is one point in time. */
const inSnapshot = async (connection: PoolConnection, { sql, values }: SqlQuery, primaryKey: string[]) => {
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    const [rows, fields] = (await connection.query({ sql, values })) as [RowDataPacket[], FieldPacket[]];
    await connection.query('COMMIT');
    const keyKinds = primaryKey.map((name): KeyKind => {
      const type = fields.find((field) => field.name === name)?.type;
      return type !== undefined && NUMERIC_FIELD_TYPES.has(type) ? 'number' : 'text';
    });
    return { rows: rows as Row[], columns: fields.map((field) => field.name), keyKinds };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};

/** The run's upper bound: `NOW(6)`, cut to the cursor column's precision in a cursor capture. */
const upperBoundOf = async (connection: PoolConnection, resource: MysqlResource, pipeline: string) => {
  const [[now]] = (await connection.query('SELECT NOW(6) AS now')) as [RowDataPacket[], FieldPacket[]];
  const text = String(now?.now);
  if (resource.capture !== 'cursor') return text;
  const { sql, values } = cursorColumnQuery(resource);
  const [[column]] = (await connection.query({ sql, values })) as [RowDataPacket[], FieldPacket[]];
  const type = String(column?.type ?? '').toLowerCase();
  if (!CURSOR_TYPES.has(type)) {
    const found = column ? `is ${type}` : 'does not exist';
    throw new SourceError(
      `the cursor column ${resource.table}.${resource.cursor} of pipeline ${pipeline} ${found}: capture: cursor reads a DATETIME or TIMESTAMP column`,
      { context: { pipeline, table: resource.table }, retryable: false },
    );
  }
  return upperBoundAt(text, Number(column?.fsp ?? 0));
};

/** Where the next page starts: the last row's cursor and key, as the page's URL carries them. */
const keyOf = (resource: MysqlResource, row: Row): (string | number)[] =>
  orderKeyOf(resource).map((column) => {
    const value = row[column];
    if (typeof value === 'string' || typeof value === 'number') return value;
    throw new SourceError(
      `${resource.table}.${column} is ${value === null ? 'NULL' : typeof value} in a row: a key or cursor column must be a number or text`,
      { context: { table: resource.table, column }, retryable: false },
    );
  });
