import { join } from 'node:path';
import { warehouseSchema } from '@sluice/loader';
import { getTableConfig, type MySqlTable } from 'drizzle-orm/mysql-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.ts';
import { readPipelineFiles } from './pipeline-files.ts';

// Until the services read pipeline files, rickandmorty.yaml describes code; this keeps the two equal.
const WAREHOUSE_TABLES: MySqlTable[] = [
  warehouseSchema.locations,
  warehouseSchema.episodes,
  warehouseSchema.characters,
  warehouseSchema.characterEpisodes,
];

/** A Drizzle table in the declaration's terms. */
const declarationOf = (table: MySqlTable) => {
  const config = getTableConfig(table);
  return {
    name: config.name,
    columns: Object.fromEntries(
      config.columns.map((column) => [column.name, { type: column.getSQLType(), nullable: !column.notNull }]),
    ),
    primaryKey: [
      ...config.columns.filter((column) => column.primary).map((column) => column.name),
      ...config.primaryKeys.flatMap((key) => key.columns.map((column) => column.name)),
    ],
    indexes: Object.fromEntries(
      config.indexes.map((index) => [
        index.config.name,
        index.config.columns.map((column) => (column as { name: string }).name),
      ]),
    ),
  };
};

describe('Declaration: pipelines/rickandmorty.yaml', () => {
  it('declares the warehouse tables exactly as services/loader/src/db/schema.ts defines them', async () => {
    // Prepare
    const [result] = await readPipelineFiles([join(PROJECT_ROOT, 'pipelines/rickandmorty.yaml')]);
    if (!result?.ok) throw new Error(`rickandmorty.yaml is invalid: ${JSON.stringify(result)}`);

    // Act
    const declared = Object.entries(result.pipeline.destination).map(([name, table]) => ({
      name,
      columns: table.columns,
      primaryKey: table.primaryKey ?? [],
      indexes: table.indexes ?? {},
    }));

    // Assess
    expect(declared).toEqual(WAREHOUSE_TABLES.map(declarationOf));
  });
});
