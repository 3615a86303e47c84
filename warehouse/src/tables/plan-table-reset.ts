import {
  moduleTablesOf,
  type PipelineDefinition,
  tableMappingsOf,
} from '@sluice/contracts/pipeline-definition';
import { dependentFactsOf, dimensionSpecOf } from '../history/declared-specs.ts';
import { dimensionOf } from '../history/dimension-spec.ts';

/** What resetting some (or all) of a pipeline's tables drops and forgets. */
export interface TableResetPlan {
  pipeline: string;
  /** The declared tables reset: those named, and the facts that point into a named dimension. */
  tables: string[];
  /** What is dropped: each table, and a dimension's observation table beside it. */
  drops: string[];
  /** The resources whose cursors and page hashes are forgotten, so their next run reads everything. */
  resources: string[];
}

/** A table the pipeline does not declare: nothing to reset. */
export class UnknownTableError extends Error {
  override name = 'UnknownTableError';
}

/**
 * Which tables, side tables and resources a reset of `named` (every declared table when empty) touches.
 * A dimension brings the facts that look it up: their surrogate keys would point at versions the reset
 * renumbers. A resource is forgotten when it writes any reset table, so its next run fills it whole.
 */
export const planTableReset = (
  pipeline: Pick<PipelineDefinition, 'name' | 'destination' | 'transform'>,
  named: readonly string[] = [],
): TableResetPlan => {
  const declared = Object.keys(pipeline.destination);
  const unknown = named.filter((table) => !declared.includes(table));
  if (unknown.length > 0) {
    throw new UnknownTableError(
      `pipeline ${pipeline.name} declares no table ${unknown.join(', ')} (its tables: ${declared.join(', ')})`,
    );
  }
  const chosen = new Set(named.length > 0 ? named : declared);
  for (const table of [...chosen]) {
    for (const fact of dependentFactsOf(pipeline.destination, table)) chosen.add(fact.table);
  }
  const tables = declared.filter((table) => chosen.has(table));
  const drops = tables.flatMap((table) => {
    const dimension = dimensionSpecOf(table, pipeline.destination[table]);
    return dimension ? [table, dimensionOf(dimension).changes] : [table];
  });
  // Every table a resource fills, rows, children, entities and their links, or a module's tables.
  const written = [...tableMappingsOf(pipeline.transform), ...moduleTablesOf(pipeline.transform)];
  const resources = [
    ...new Set(written.filter(({ table }) => chosen.has(table)).map(({ resource }) => resource)),
  ];
  return { pipeline: pipeline.name, tables, drops, resources };
};
