import type * as z from 'zod';
import { checkHistory } from './check-history.ts';
import { checkTableMapping } from './check-table-mapping.ts';
import type { DestinationTable } from './destination.ts';
import type { HtmlSource } from './source-html.ts';
import type { MysqlSource } from './source-mysql.ts';
import type { RestSource } from './source-rest.ts';
import type { ResourceTransform } from './transform.ts';

/** The parts of a parsed pipeline that refer to each other. */
export interface PipelineParts {
  source: RestSource | HtmlSource | MysqlSource;
  incremental?: Record<string, unknown> | undefined;
  transform: Record<string, ResourceTransform>;
  destination: Record<string, DestinationTable>;
}

type Writer = 'row' | 'child' | 'module';

/**
 * The fields a resource's records have: an HTML resource's fields, a MySQL resource's `columns` when it
 * lists them; null where records are not declared (JSON APIs, a table read whole).
 */
const declaredFields = (source: PipelineParts['source'], resource: string): string[] | null => {
  if (source.type === 'mysql') return source.resources[resource]?.columns ?? null;
  if (source.type !== 'html') return null;
  const declared = source.resources[resource];
  return declared ? [...Object.keys(declared.fields), ...Object.keys(declared.follow?.fields ?? {})] : null;
};

/** Checks each transform against the destination, and returns which tables it writes and how. */
const checkTransforms = (pipeline: PipelineParts, ctx: z.RefinementCtx): Map<string, Set<Writer>> => {
  const writers = new Map<string, Set<Writer>>();
  const wrote = (table: string, writer: Writer) =>
    writers.set(table, (writers.get(table) ?? new Set()).add(writer));
  const resources = Object.keys(pipeline.source.resources);
  for (const [resource, transform] of Object.entries(pipeline.transform)) {
    const path = ['transform', resource];
    if (!resources.includes(resource)) {
      const message = `'${resource}' is not a resource of the source (${resources.join(', ')})`;
      ctx.addIssue({ code: 'custom', path, message });
    }
    if ('tables' in transform) {
      for (const [index, table] of transform.tables.entries()) {
        wrote(table, 'module');
        if (!pipeline.destination[table]) {
          const message = `table '${table}' is not in destination (${Object.keys(pipeline.destination).join(', ')})`;
          ctx.addIssue({ code: 'custom', path: [...path, 'tables', index], message });
        }
      }
      continue;
    }
    const fields = declaredFields(pipeline.source, resource);
    wrote(transform.table, 'row');
    checkTableMapping({ path, ...transform, child: false, fields }, pipeline.destination, ctx);
    for (const [index, child] of (transform.children ?? []).entries()) {
      wrote(child.table, 'child');
      const childPath = [...path, 'children', index];
      checkTableMapping({ path: childPath, ...child, child: true, fields }, pipeline.destination, ctx);
    }
  }
  return writers;
};

/**
 * The checks that need more than one block of the file: every resource transformed, every table written,
 * every mapped column declared with a type that fits. Run by the pipeline schema once each block parsed.
 */
export const checkPipeline = (pipeline: PipelineParts, ctx: z.RefinementCtx): void => {
  const writers = checkTransforms(pipeline, ctx);
  checkHistory(pipeline, ctx);
  for (const resource of Object.keys(pipeline.source.resources)) {
    if (!Object.hasOwn(pipeline.transform, resource)) {
      const message = `resource '${resource}' is extracted but has no transform: add transform.${resource}`;
      ctx.addIssue({ code: 'custom', path: ['source', 'resources', resource], message });
    }
  }
  for (const [name, table] of Object.entries(pipeline.destination)) {
    const writtenBy = writers.get(name);
    if (!writtenBy) {
      const message = `nothing writes table '${name}': no transform maps to it`;
      ctx.addIssue({ code: 'custom', path: ['destination', name], message });
    } else if (table.writeMode === 'replace' && writtenBy.has('row')) {
      const message = `replace rewrites a parent's rows in a child table; '${name}' is filled one row per record, so use upsert or append`;
      ctx.addIssue({ code: 'custom', path: ['destination', name, 'writeMode'], message });
    }
  }
  for (const resource of Object.keys(pipeline.incremental ?? {})) {
    if (pipeline.source.type === 'mysql') {
      const message = `a mysql source reads what changed with capture: cursor on the resource, not incremental`;
      ctx.addIssue({ code: 'custom', path: ['incremental', resource], message });
    } else if (!Object.hasOwn(pipeline.source.resources, resource)) {
      const message = `'${resource}' is not a resource of the source (${Object.keys(pipeline.source.resources).join(', ')})`;
      ctx.addIssue({ code: 'custom', path: ['incremental', resource], message });
    }
  }
};
