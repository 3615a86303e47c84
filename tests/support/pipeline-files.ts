import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder of pipeline files for one flow, given as objects: YAML is a superset of JSON, so each is written
 * as JSON and read by the same parser and schema as the shipped YAML files.
 */
export const writePipelineFiles = (pipelines: Record<string, unknown>[], dir?: string): string => {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'sluice-pipelines-'));
  for (const pipeline of pipelines) {
    const { name } = pipeline as { name: string };
    writeFileSync(join(folder, `${name}.yaml`), `${JSON.stringify(pipeline, null, 2)}\n`);
  }
  return folder;
};

export interface ItemsPipelineOptions {
  name: string;
  /** The checking API's route: `page-total`, `cursor`, … */
  route: string;
  pagination: Record<string, unknown>;
  records?: string;
  /** The variable holding the API's URL. */
  urlVariable: string;
  auth?: Record<string, unknown>;
  incremental?: boolean;
  /** Columns beyond id and name, as mapping and destination type. */
  columns?: Record<string, { from: string; type: string; sqlType: string; nullable?: boolean }>;
  table?: string;
}

/** A pipeline over the checking API's items (fixtures/src/checking-api), into a table of its own. */
export const itemsPipeline = (options: ItemsPipelineOptions): Record<string, unknown> => {
  const table = options.table ?? options.name.replaceAll('-', '_');
  const extra = options.columns ?? {
    price: { from: 'price', type: 'decimal', sqlType: 'decimal(12,2)' },
    updated_at: { from: 'updated_at', type: 'datetime', sqlType: 'datetime(3)' },
  };
  return {
    name: options.name,
    description: `Items of the checking API, ${options.route} pagination.`,
    schedule: 'rate(1 day)',
    ...(options.incremental
      ? {
          incremental: {
            items: { cursor: 'updated_at', param: 'updated_since', start: '2000-01-01T00:00:00.000Z' },
          },
        }
      : {}),
    source: {
      type: 'rest',
      baseUrl: `\${${options.urlVariable}}`,
      ...(options.auth ? { auth: options.auth } : {}),
      pagination: options.pagination,
      ...(options.records ? { records: options.records } : {}),
      resources: { items: { path: `/${options.route}/items` } },
    },
    transform: {
      items: {
        table,
        columns: {
          id: { from: 'id', type: 'int' },
          name: { from: 'name', type: 'string' },
          ...Object.fromEntries(
            Object.entries(extra).map(([column, { from, type, nullable }]) => [
              column,
              { from, type, ...(nullable ? { nullable } : {}) },
            ]),
          ),
        },
      },
    },
    destination: {
      [table]: {
        columns: {
          id: 'int',
          name: 'varchar(255)',
          ...Object.fromEntries(
            Object.entries(extra).map(([column, { sqlType, nullable }]) => [
              column,
              nullable ? { type: sqlType, nullable } : sqlType,
            ]),
          ),
        },
        primaryKey: ['id'],
        writeMode: 'upsert',
      },
    },
  };
};

/** The eight pagination styles the checking API serves, as a pipeline declares them. */
export const PAGINATION_STYLES = [
  { route: 'none', pagination: { type: 'none' } },
  { route: 'next-url', pagination: { type: 'next_url', next: 'links.next' }, records: 'data' },
  { route: 'page-total', pagination: { type: 'page_number', totalPages: 'meta.pages' }, records: 'data' },
  { route: 'page-number', pagination: { type: 'page_number' }, records: 'data' },
  { route: 'offset-total', pagination: { type: 'offset', pageSize: 10, total: 'total' }, records: 'results' },
  { route: 'offset', pagination: { type: 'offset', pageSize: 10 }, records: 'results' },
  {
    route: 'cursor',
    pagination: { type: 'cursor', param: 'cursor', next: 'meta.next_cursor' },
    records: 'data',
  },
  { route: 'link-header', pagination: { type: 'link_header' } },
] as const;
