import { ContractError, isMysqlPageUrl, type Row, readMysqlPageUrl } from '@sluice/contracts';
import { cursorColumnOf, type PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import {
  applyDimensionObservations,
  applyFacts,
  deleteFacts,
  dependentFactsOf,
  dimensionSpecOf,
  type Executor,
  factSpecOf,
} from '@sluice/warehouse';

/** A row of the batch and the page it came from: its URL dates a snapshot, its index counts rejections. */
export interface PageRow {
  row: Row;
  url: string;
  page: number;
  /** A row the source deleted (found by comparing snapshots): its key is retired or deleted. */
  deleted?: boolean;
}

/**
 * When a row's version starts: its own cursor value (`validFrom: cursor`), or the upper bound of the run
 * that read it (`snapshot`), which the page URL carries; both are in the source's zone, as event times are.
 */
const observedAtOf = (
  pipeline: PipelineDefinition,
  table: string,
  { row, url, deleted }: PageRow,
): string => {
  const validFrom = pipeline.destination[table]?.scd2?.validFrom;
  // A deleted row's cursor is its last save, not its deletion: the snapshot that missed it dates that.
  if (validFrom === 'cursor' && !deleted) {
    const column = cursorColumnOf(pipeline, table);
    const value = column === null ? undefined : row[column];
    if (typeof value !== 'string') {
      throw new ContractError(`a ${table} row has no cursor value in ${column} to date its version`, {
        table,
      });
    }
    return value;
  }
  if (!isMysqlPageUrl(url)) {
    throw new ContractError(`${table} is dated by its snapshot, but page ${url} is not a database page`, {
      table,
      url,
    });
  }
  return readMysqlPageUrl(url).upper;
};

/**
 * The rows as observations of the dimension (a deleted row retires its key), its facts re-pointed where
 * versions moved.
 */
export const writeDimension = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  table: string,
  rows: PageRow[],
): Promise<void> => {
  const spec = dimensionSpecOf(table, pipeline.destination[table]);
  if (!spec) throw new ContractError(`${table} is not an scd2 table`, { table });
  const observations = rows.map((pageRow) => ({
    row: pageRow.row,
    observedAt: observedAtOf(pipeline, table, pageRow),
    ...(pageRow.deleted ? { deleted: true } : {}),
  }));
  await applyDimensionObservations(tx, spec, observations, {
    dependentFacts: dependentFactsOf(pipeline.destination, table),
  });
};

/**
 * The rows as facts. A fact refused by a `missing: reject` lookup is not written; returns how many each
 * page lost that way, so they are counted as its rejected records.
 */
export const writeFacts = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  table: string,
  rows: PageRow[],
): Promise<Map<number, number>> => {
  const spec = factSpecOf(pipeline.destination, table);
  const idColumn = pipeline.destination[table]?.fact?.id;
  if (!spec || !idColumn) throw new ContractError(`${table} is not a fact table`, { table });
  // Deletions first: a fact deleted by one run and put back by a later one in the same batch stays.
  const gone = rows.filter((pageRow) => pageRow.deleted).map(({ row }) => row);
  if (gone.length > 0) await deleteFacts(tx, spec, gone);
  const result = await applyFacts(
    tx,
    spec,
    rows.filter((pageRow) => !pageRow.deleted).map(({ row }) => row),
  );
  const pageOf = new Map(rows.map(({ row, page }) => [String(row[idColumn]), page]));
  const rejected = new Map<number, number>();
  for (const { id } of result.rejected) {
    const page = pageOf.get(id) ?? 0;
    rejected.set(page, (rejected.get(page) ?? 0) + 1);
  }
  return rejected;
};
