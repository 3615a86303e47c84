import type { ColumnMapping, ResourceTransform } from './transform.ts';

/**
 * How a mapping fills its table: `row`, one row per record; `child`, rows per element of an array in it,
 * with the parent's key.
 */
export type MappingRole = 'row' | 'child';

/** One place the transforms fill a table from. */
export interface TableMapping {
  role: MappingRole;
  table: string;
  columns: Record<string, ColumnMapping>;
  /** Where the mapping is in the file: `['transform', 'character']`, `[…, 'children', 0]`. */
  path: PropertyKey[];
  resource: string;
}

/** A table a TypeScript module says it writes: its columns are the module's business. */
export interface ModuleTable {
  table: string;
  module: string;
  path: PropertyKey[];
  resource: string;
}

/** Every mapping of every resource's transform, in file order (a record's row, then its children). */
export const tableMappingsOf = (transform: Record<string, ResourceTransform>): TableMapping[] =>
  Object.entries(transform).flatMap(([resource, declared]): TableMapping[] => {
    if ('tables' in declared) return [];
    const path = ['transform', resource];
    const children = (declared.children ?? []).map(
      (child, index): TableMapping => ({
        role: 'child',
        table: child.table,
        columns: child.columns,
        path: [...path, 'children', index],
        resource,
      }),
    );
    return [{ role: 'row', table: declared.table, columns: declared.columns, path, resource }, ...children];
  });

/** The tables module transforms say they write, in file order. */
export const moduleTablesOf = (transform: Record<string, ResourceTransform>): ModuleTable[] =>
  Object.entries(transform).flatMap(([resource, declared]) =>
    'tables' in declared
      ? declared.tables.map((table, index) => ({
          table,
          module: declared.module,
          path: ['transform', resource, 'tables', index],
          resource,
        }))
      : [],
  );
