import { ContractError, mysqlPageUrl, readMysqlPageUrl } from '@sluice/contracts';
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
import type { FetchedPage, PageSource } from './page-source.ts';

const CURSOR_TYPES = new Set(['datetime', 'timestamp']);

type Row = Record<string, unknown>;

/**
 * A mysql source as the extractor's pages: each table read in keyset pages, one after the other (each
 * page's URL says where the next starts), each page inside its own consistent, read-only snapshot, in the
 * source's time zone. Page 1's URL is planned when the run starts: it carries the database's `NOW(6)`, the
 * upper bound every page of the table is read as of.
 */
export const createMysqlPageSource = (
  pipeline: PipelineDefinition & { source: MysqlSource },
  pool: Pool,
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

  return {
    firstPageUrl: (name, cursor) => {
      const resource = resourceOf(name);
      return withSession(resource.table, async (connection) => {
        const upper = await upperBoundOf(connection, resource, pipeline.name);
        const since = cursor === undefined ? null : String(cursor.value);
        return mysqlPageUrl({
          pipeline: pipeline.name,
          table: resource.table,
          upper,
          since,
          after: null,
          rows: 0,
        });
      });
    },
    fetchPage: async ({ resource: name, page, url }) => {
      const resource = resourceOf(name);
      const position = readMysqlPageUrl(url);
      if (position.pipeline !== pipeline.name || position.table !== resource.table) {
        throw new ContractError(`page ${page} of ${name} names another table: ${url}`, { url });
      }
      const query = pageQuery(resource, position, source.pageSize);
      const { rows: read, columns } = await withSession(resource.table, (connection) =>
        inSnapshot(connection, query),
      );
      const rows = read.slice(0, source.pageSize);
      const last = rows.at(-1);
      const more = read.length > source.pageSize && last !== undefined;
      const staged = position.rows + rows.length;
      return {
        // One row a line: the transformer reads a `.jsonl` page line by line.
        body: rows.map((row) => `${JSON.stringify(row)}\n`).join(''),
        recordCount: rows.length,
        pagesTotal: more ? null : page,
        nextUrl: more ? mysqlPageUrl({ ...position, after: keyOf(resource, last), rows: staged }) : null,
        fanOut: [],
        snapshot: {
          table: resource.table,
          day: position.upper.slice(0, 10),
          manifest: more
            ? null
            : {
                table: resource.table,
                capture: resource.capture,
                upperBound: position.upper,
                since: position.since,
                lagSeconds: resource.lagSeconds ?? 0,
                timezone: source.timezone,
                pages: page,
                rows: staged,
                columns,
              },
        },
      } satisfies FetchedPage;
    },
  };
};

/** Runs the page's one query in a snapshot of its own, read-only: a page is one point in time. */
const inSnapshot = async (connection: PoolConnection, { sql, values }: SqlQuery) => {
  await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  try {
    const [rows, fields] = (await connection.query({ sql, values })) as [RowDataPacket[], FieldPacket[]];
    await connection.query('COMMIT');
    return { rows: rows as Row[], columns: fields.map((field) => field.name) };
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
