import type { PipelineDefinition, ResourceTransform } from '@sluice/contracts/pipeline-definition';
import { TRANSFORM_MODULES, type TransformModules } from '../modules/index.ts';
import { pageCursor } from './page-cursor.ts';
import type { ResourceTransformer } from './page-rows.ts';
import { compileTableTransform, type PageTables } from './table-transform.ts';

type ModuleTransform = Extract<ResourceTransform, { module: string }>;

/** A module looked up by name, its pages held to the tables the pipeline file says it writes. */
const compileModuleTransform = (
  pipeline: PipelineDefinition,
  resource: string,
  transform: ModuleTransform,
  modules: TransformModules,
): ((records: unknown[]) => PageTables) => {
  const module = Object.hasOwn(modules, transform.module) ? modules[transform.module] : undefined;
  if (!module) {
    const known = Object.keys(modules).join(', ') || 'none';
    throw new Error(
      `pipeline ${pipeline.name}: transform.${resource}.module '${transform.module}' is not a transform module (known: ${known})`,
    );
  }
  return (records) => {
    const page = module.transformPage(records);
    const undeclared = Object.keys(page.tables).filter((table) => !transform.tables.includes(table));
    if (undeclared.length > 0) {
      throw new Error(
        `transform module '${transform.module}' wrote ${undeclared.join(', ')}, which transform.${resource}.tables does not list (${transform.tables.join(', ')})`,
      );
    }
    const empty = Object.fromEntries(transform.tables.map((table) => [table, []]));
    return { ...page, tables: { ...empty, ...page.tables } };
  };
};

/**
 * How a resource's pages become warehouse rows, compiled once from its pipeline: the mapping's zod schemas
 * are built here, or its module looked up (in `modules`, the registry by default), so that a page only
 * applies them. Throws when the resource has no transform or names an unknown module.
 */
export const compileResourceTransform = (
  pipeline: PipelineDefinition,
  resource: string,
  modules: TransformModules = TRANSFORM_MODULES,
): ResourceTransformer => {
  const transform = Object.hasOwn(pipeline.transform, resource) ? pipeline.transform[resource] : undefined;
  if (!transform) {
    const known = Object.keys(pipeline.transform).join(', ');
    throw new Error(
      `pipeline ${pipeline.name} has no transform for resource '${resource}' (it has ${known})`,
    );
  }
  const tablesOf =
    'module' in transform && transform.module !== undefined
      ? compileModuleTransform(pipeline, resource, transform as ModuleTransform, modules)
      : compileTableTransform(pipeline, resource, transform as Extract<ResourceTransform, { table: string }>);
  const cursorPath = pipeline.incremental?.[resource]?.cursor;
  return {
    transformPage: (records) => ({
      ...tablesOf(records),
      cursor: cursorPath === undefined ? null : pageCursor(records, cursorPath),
    }),
  };
};
