import { randomBytes } from 'node:crypto';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { createConnection } from 'mysql2/promise';
import { assertCounts } from '../assert-counts.ts';
import { prepareWarehouse } from '../prepare-warehouse.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';
import { median } from '../stats.ts';
import { writeOutDirtyPages } from '../write-out-dirty-pages.ts';
import { upsertPlainly } from './plain-upsert.ts';
import { buildWarehouseRows } from './warehouse-rows.ts';

export const CEILING_BATCH_SIZES = [100, 500, 1000, 5000] as const;

export interface CeilingFigures {
  rows: number;
  /** Median rows per second for each batch size tried. */
  rowsPerSecondByBatch: Record<number, number>;
  bestBatchSize: number;
  bestRowsPerSecond: number;
}

/**
 * The load ceiling: the rows Sluice writes for this source, upserted by plain mysql2 multi-row statements
 * into a fresh database with the pipeline's tables as the loader creates them, at each batch size `runs`
 * times (tables emptied before each pass, as Sluice's run starts from an empty database).
 */
export const measureCeiling = async (
  pipeline: PipelineDefinition,
  source: SyntheticSource,
  options: { databaseServer: string; runs: number; say: (line: string) => void },
): Promise<CeilingFigures> => {
  const tables = buildWarehouseRows(pipeline, source);
  assertCounts(
    'the ceiling would not load what Sluice loads',
    Object.fromEntries(tables.map((table) => [table.table, table.rows.length])),
    {
      locations: source.size.locations,
      episodes: source.size.episodes,
      characters: source.size.characters,
      character_episodes: source.links,
    },
  );
  const rows = tables.reduce((sum, table) => sum + table.rows.length, 0);
  const url = new URL(options.databaseServer);
  url.pathname = `/sluice_bench_ceiling_${randomBytes(3).toString('hex')}`;
  await prepareWarehouse(url.toString(), pipeline);
  const connection = await createConnection({ uri: url.toString(), charset: 'utf8mb4' });
  try {
    const rowsPerSecondByBatch: Record<number, number> = {};
    for (const batchSize of CEILING_BATCH_SIZES) {
      const rates: number[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        for (const table of tables) await connection.query(`TRUNCATE TABLE \`${table.table}\``);
        await writeOutDirtyPages(options.databaseServer, options.say);
        rates.push(rows / (await upsertPlainly(connection, tables, batchSize)));
      }
      rowsPerSecondByBatch[batchSize] = median(rates);
      options.say(`ceiling: ${batchSize} rows a statement, ${Math.round(median(rates))} rows/s`);
    }
    const [bestBatchSize, bestRowsPerSecond] = Object.entries(rowsPerSecondByBatch)
      .map(([size, rate]) => [Number(size), rate] as const)
      .reduce((best, next) => (next[1] > best[1] ? next : best));
    return { rows, rowsPerSecondByBatch, bestBatchSize, bestRowsPerSecond };
  } finally {
    await connection.query(`DROP DATABASE IF EXISTS \`${url.pathname.slice(1)}\``);
    await connection.end();
  }
};
