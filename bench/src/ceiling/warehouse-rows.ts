import { warehouseSchema } from '@sluice/loader';
import { RICK_AND_MORTY_RESOURCES } from '@sluice/transformer';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type MySqlTable } from 'drizzle-orm/mysql-core';
import { PAGE_SIZE } from '../source/source-size.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';

/** One warehouse table's rows as value tuples, in the order of `columns` (SQL names). */
export interface TableRows {
  table: string;
  columns: string[];
  keyColumns: string[];
  rows: unknown[][];
}

const TABLES: Record<string, MySqlTable> = {
  locations: warehouseSchema.locations,
  episodes: warehouseSchema.episodes,
  characters: warehouseSchema.characters,
  character_episodes: warehouseSchema.characterEpisodes,
};

const RESOURCES = [
  ['location', 'locations'],
  ['episode', 'episodes'],
  ['character', 'characters'],
] as const;

/**
 * The rows Sluice's loader writes for this source, made by the transformer's own code page by page, so the
 * ceiling loads exactly what Sluice loads. Parents before children, as the loader writes them.
 */
export const buildWarehouseRows = (source: SyntheticSource): TableRows[] => {
  const byTable = new Map<string, Record<string, unknown>[]>(Object.keys(TABLES).map((name) => [name, []]));
  for (const [resource, collection] of RESOURCES) {
    const transform = RICK_AND_MORTY_RESOURCES[resource];
    if (!transform) throw new Error(`no transform for ${resource}`);
    const records = source.dataset[collection];
    for (let start = 0; start < records.length; start += PAGE_SIZE) {
      const valid = records.slice(start, start + PAGE_SIZE).map((record) => transform.schema.parse(record));
      for (const [table, rows] of Object.entries(transform.toTables(valid))) {
        byTable.get(table)?.push(...((rows ?? []) as Record<string, unknown>[]));
      }
    }
  }
  return Object.entries(TABLES).map(([name, table]) => {
    const columns = Object.entries(getTableColumns(table));
    const config = getTableConfig(table);
    const keyColumns = [
      ...columns.filter(([, column]) => column.primary).map(([, column]) => column.name),
      ...config.primaryKeys.flatMap((key) => key.columns.map((column) => column.name)),
    ];
    return {
      table: getTableName(table),
      columns: columns.map(([, column]) => column.name),
      keyColumns,
      rows: (byTable.get(name) ?? []).map((row) => columns.map(([key]) => row[key] ?? null)),
    };
  });
};
