import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { compileResourceTransform, type PageRows } from '@sluice/transformer';
import { PAGE_SIZE } from '../source/source-size.ts';
import type { SyntheticSource } from '../source/synthetic-dataset.ts';

/** One warehouse table's rows as value tuples, in the order of `columns` (SQL names). */
export interface TableRows {
  table: string;
  columns: string[];
  keyColumns: string[];
  rows: unknown[][];
}

/** The synthetic source's collection behind each resource of rickandmorty.yaml. */
const COLLECTIONS = { location: 'locations', episode: 'episodes', character: 'characters' } as const;

const collectionOf = (resource: string) => {
  const collection = Object.hasOwn(COLLECTIONS, resource)
    ? COLLECTIONS[resource as keyof typeof COLLECTIONS]
    : undefined;
  if (!collection) throw new Error(`the synthetic source has no records for resource '${resource}'`);
  return collection;
};

// The ceiling must load what Sluice loads: a record the mapping rejects would make the two differ.
const assertNoneRejected = (resource: string, page: PageRows): void => {
  const [first] = page.rejected;
  if (first) {
    throw new Error(
      `the ${resource} mapping rejected ${page.rejected.length} records of the synthetic source, the first: ${first.reason}`,
    );
  }
};

/**
 * The rows Sluice's loader writes for this source, made page by page by the mapping the transformer
 * compiles from the pipeline file, so the ceiling loads exactly what Sluice loads. Tables in the order the
 * file declares them (parents before children, as the loader writes them), columns in its order too.
 */
export const buildWarehouseRows = (pipeline: PipelineDefinition, source: SyntheticSource): TableRows[] => {
  const byTable = new Map<string, Record<string, unknown>[]>(
    Object.keys(pipeline.destination).map((name) => [name, []]),
  );
  for (const resource of Object.keys(pipeline.source.resources)) {
    const transform = compileResourceTransform(pipeline, resource);
    const records = source.dataset[collectionOf(resource)];
    for (let start = 0; start < records.length; start += PAGE_SIZE) {
      const page = transform.transformPage(records.slice(start, start + PAGE_SIZE));
      assertNoneRejected(resource, page);
      for (const [table, rows] of Object.entries(page.tables)) {
        const kept = byTable.get(table);
        if (!kept)
          throw new Error(`the ${resource} mapping writes ${table}, which the pipeline does not declare`);
        for (const row of rows) kept.push(row);
      }
    }
  }
  return Object.entries(pipeline.destination).map(([table, declared]) => {
    const columns = Object.keys(declared.columns);
    return {
      table,
      columns,
      keyColumns: declared.primaryKey ?? declared.uniqueKey ?? [],
      rows: (byTable.get(table) ?? []).map((row) => columns.map((column) => row[column] ?? null)),
    };
  });
};
