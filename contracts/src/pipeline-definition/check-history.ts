import type * as z from 'zod';
import type { PipelineParts } from './check-pipeline.ts';

/** The resources whose records become rows of a table, one row per record. */
const resourcesWriting = (pipeline: PipelineParts, table: string): string[] =>
  Object.entries(pipeline.transform).flatMap(([resource, transform]) =>
    'table' in transform && transform.table === table ? [resource] : [],
  );

/**
 * The column of a `validFrom: cursor` dimension that holds each record's cursor value: the one its
 * resource fills `from` the resource's cursor column. Null when there is none (validation says why).
 */
export const cursorColumnOf = (pipeline: PipelineParts, table: string): string | null => {
  const { source } = pipeline;
  if (source.type !== 'mysql') return null;
  for (const resource of resourcesWriting(pipeline, table)) {
    const transform = pipeline.transform[resource];
    const cursor = source.resources[resource]?.cursor;
    if (!transform || 'tables' in transform || !cursor) continue;
    const mapped = Object.entries(transform.columns).find(([, mapping]) => mapping.from === cursor);
    if (mapped) return mapped[0];
  }
  return null;
};

const checkValidFrom = (pipeline: PipelineParts, table: string, ctx: z.RefinementCtx) => {
  const path = ['destination', table, 'scd2', 'validFrom'];
  const { source } = pipeline;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (source.type !== 'mysql') return issue('validFrom: cursor needs a mysql source; use snapshot');
  for (const resource of resourcesWriting(pipeline, table)) {
    if (source.resources[resource]?.capture !== 'cursor') {
      issue(
        `resource '${resource}' is read with capture: full, so its records carry no cursor; use validFrom: snapshot`,
      );
      return;
    }
  }
  if (cursorColumnOf(pipeline, table) === null) {
    issue(
      `map the resource's cursor column to a column of '${table}': each version starts at its record's cursor value`,
    );
  }
};

/** The fact side: each lookup names an scd2 table of this pipeline, by exactly its natural key. */
const checkLookups = (pipeline: PipelineParts, table: string, ctx: z.RefinementCtx) => {
  const fact = pipeline.destination[table]?.fact;
  for (const [sk, lookup] of Object.entries(fact?.lookups ?? {})) {
    const path = ['destination', table, 'fact', 'lookups', sk];
    const dimension = pipeline.destination[lookup.dimension];
    if (!dimension?.scd2) {
      const dimensions = Object.entries(pipeline.destination).flatMap(([name, t]) => (t.scd2 ? [name] : []));
      const message = `'${lookup.dimension}' is not an scd2 table of this pipeline (${dimensions.join(', ') || 'none'})`;
      ctx.addIssue({ code: 'custom', path: [...path, 'dimension'], message });
      continue;
    }
    const named = Object.values(lookup.naturalKey).sort();
    const key = [...dimension.scd2.naturalKey].sort();
    if (named.join() !== key.join()) {
      const message = `naturalKey must map a fact column to each of ${lookup.dimension}'s natural key (${key.join(', ')}), not ${named.join(', ')}`;
      ctx.addIssue({ code: 'custom', path: [...path, 'naturalKey'], message });
    }
  }
};

/** The checks of scd2 and fact tables that need the source, the transforms or the other tables. */
export const checkHistory = (pipeline: PipelineParts, ctx: z.RefinementCtx): void => {
  for (const [name, table] of Object.entries(pipeline.destination)) {
    if (table.scd2?.validFrom === 'cursor') checkValidFrom(pipeline, name, ctx);
    if (table.fact) checkLookups(pipeline, name, ctx);
  }
};
