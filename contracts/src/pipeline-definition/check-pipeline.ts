import type * as z from 'zod';
import { checkHistory } from './check-history.ts';
import { checkTableMapping } from './check-table-mapping.ts';
import { formatPath } from './describe-issues.ts';
import { checkTableColumns, type DeclaredTable } from './destination.ts';
import { type ResolvedDestination, resolveDestination } from './destination-columns.ts';
import type { HtmlSource } from './source-html.ts';
import type { MysqlSource } from './source-mysql.ts';
import type { RestSource } from './source-rest.ts';
import { type MappingRole, moduleTablesOf, tableMappingsOf } from './table-mappings.ts';
import type { ResourceTransform } from './transform.ts';

/** The parts of a parsed pipeline that refer to each other. */
export interface PipelineParts {
  source: RestSource | HtmlSource | MysqlSource;
  incremental?: Record<string, unknown> | undefined;
  transform: Record<string, ResourceTransform>;
  destination: Record<string, DeclaredTable>;
}

type Writer = MappingRole | 'module';
type AddIssue = (issue: { path: PropertyKey[]; message: string }) => void;

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

/** Checks the columns of each table derived from its transform, as a table that lists them is checked. */
const checkDerivedTables = (resolved: ResolvedDestination, ctx: z.RefinementCtx) => {
  for (const [name, mapping] of Object.entries(resolved.derivedFrom)) {
    const table = resolved.destination[name];
    const columns = Object.keys(mapping.columns).join(', ');
    const where = `this table (its columns are those of ${formatPath(mapping.path)}.columns: ${columns})`;
    const addIssue: AddIssue = ({ path, message }) =>
      ctx.addIssue({ code: 'custom', path: ['destination', name, ...path], message });
    if (table) checkTableColumns(table, addIssue, where);
  }
};

/** Checks each transform against the destination, and returns which tables it writes and how. */
const checkTransforms = (pipeline: PipelineParts, ctx: z.RefinementCtx): Map<string, Set<Writer>> => {
  const writers = new Map<string, Set<Writer>>();
  const wrote = (table: string, writer: Writer) =>
    writers.set(table, (writers.get(table) ?? new Set()).add(writer));
  const resolved = resolveDestination(pipeline);
  for (const issue of resolved.issues) ctx.addIssue({ code: 'custom', ...issue });
  const resources = Object.keys(pipeline.source.resources);
  const known = Object.keys(pipeline.destination).join(', ');
  const mappings = tableMappingsOf(pipeline.transform);
  const modules = moduleTablesOf(pipeline.transform);
  for (const resource of Object.keys(pipeline.transform)) {
    if (!resources.includes(resource)) {
      const message = `'${resource}' is not a resource of the source (${resources.join(', ')})`;
      ctx.addIssue({ code: 'custom', path: ['transform', resource], message });
    }
    for (const { table, path } of modules.filter((module) => module.resource === resource)) {
      wrote(table, 'module');
      if (!pipeline.destination[table]) {
        ctx.addIssue({ code: 'custom', path, message: `table '${table}' is not in destination (${known})` });
      }
    }
    const fields = declaredFields(pipeline.source, resource);
    for (const mapping of mappings.filter((candidate) => candidate.resource === resource)) {
      wrote(mapping.table, mapping.role);
      // A table whose columns could not be derived has had its issue; its mappings have nothing to meet.
      if (pipeline.destination[mapping.table] && !resolved.destination[mapping.table]) continue;
      const derived = resolved.derivedFrom[mapping.table] !== undefined;
      checkTableMapping({ ...mapping, fields, derived }, resolved.destination, ctx);
    }
  }
  checkDerivedTables(resolved, ctx);
  return writers;
};

/** What each way of filling a table asks of its writeMode. */
const checkWriteModes = (
  pipeline: PipelineParts,
  writers: Map<string, Set<Writer>>,
  ctx: z.RefinementCtx,
) => {
  for (const [name, table] of Object.entries(pipeline.destination)) {
    const writtenBy = writers.get(name);
    const path = ['destination', name, 'writeMode'];
    if (!writtenBy) {
      const message = `nothing writes table '${name}': no transform maps to it`;
      ctx.addIssue({ code: 'custom', path: ['destination', name], message });
    } else if (writtenBy.has('entity') && table.writeMode !== 'upsert') {
      const message = `'${name}' holds the entities of a child list, one row per key however many parents list it: use writeMode: upsert`;
      ctx.addIssue({ code: 'custom', path, message });
    } else if (table.writeMode === 'replace' && writtenBy.has('row')) {
      const message = `replace rewrites a parent's rows in a child table; '${name}' is filled one row per record, so use upsert or append`;
      ctx.addIssue({ code: 'custom', path, message });
    }
  }
};

/**
 * The checks that need more than one block of the file: every resource transformed, every table written,
 * every mapped column declared (or derived) with a type that fits. Run by the pipeline schema once each
 * block parsed.
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
  checkWriteModes(pipeline, writers, ctx);
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
