import type { DestinationTable } from '@sluice/contracts/pipeline-definition';
import type { DimensionSpec } from './dimension-spec.ts';
import type { FactSpec } from './fact-spec.ts';

type Destination = Record<string, DestinationTable>;

const typesOf = (table: DestinationTable, names: string[]): Record<string, string> =>
  Object.fromEntries(
    names.map((name) => {
      const column = table.columns[name];
      if (!column) throw new Error(`column ${name} is not declared`);
      return [name, column.type];
    }),
  );

/** A `writeMode: scd2` table as the history library takes it; null for any other table. */
export const dimensionSpecOf = (name: string, table: DestinationTable | undefined): DimensionSpec | null => {
  const scd2 = table?.scd2;
  if (table?.writeMode !== 'scd2' || !scd2) return null;
  return {
    table: name,
    naturalKey: typesOf(table, scd2.naturalKey),
    tracked: typesOf(table, scd2.tracked),
    overwrite: typesOf(table, scd2.overwrite),
    // The pipeline file may give a day; the library wants a time too.
    ...(scd2.lowDate
      ? { lowDate: scd2.lowDate.length === 10 ? `${scd2.lowDate} 00:00:00` : scd2.lowDate }
      : {}),
  };
};

/** A `writeMode: fact` table, its lookups resolved to the pipeline's dimensions; null for any other. */
export const factSpecOf = (destination: Destination, name: string): FactSpec | null => {
  const table = destination[name];
  const fact = table?.fact;
  if (table?.writeMode !== 'fact' || !fact) return null;
  const dimensions = Object.entries(fact.lookups).map(([sk, lookup]) => {
    const dimension = dimensionSpecOf(lookup.dimension, destination[lookup.dimension]);
    if (!dimension) throw new Error(`${name}.${sk}: ${lookup.dimension} is not an scd2 table`);
    return [sk, { dimension, naturalKey: lookup.naturalKey, missing: lookup.missing }] as const;
  });
  return {
    table: name,
    id: typesOf(table, [fact.id]),
    eventAt: fact.eventTime,
    measures: typesOf(table, fact.measures),
    dimensions: Object.fromEntries(dimensions),
  };
};

/** Every fact table of the pipeline that looks up this dimension: re-pointed when its versions move. */
export const dependentFactsOf = (destination: Destination, dimension: string): FactSpec[] =>
  Object.keys(destination).flatMap((name) => {
    const spec = factSpecOf(destination, name);
    const dependent = spec && Object.values(spec.dimensions).some((d) => d.dimension.table === dimension);
    return dependent ? [spec] : [];
  });
