import type { ColumnMapping, ResourceTransform } from './transform.ts';

/**
 * How a mapping fills its table: `row`, one row per record; `child`, rows per element of an array in it,
 * with the parent's key; `entity`, one row per element of such an array, keyed by the element's own id;
 * `link`, the parent-entity pairs beside an entity.
 */
export type MappingRole = 'row' | 'child' | 'entity' | 'link';

/** One place the transforms fill a table from. */
export interface TableMapping {
  role: MappingRole;
  table: string;
  columns: Record<string, ColumnMapping>;
  /** Where the mapping is in the file: `['transform', 'character']`, `[…, 'children', 0, 'link']`. */
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
    const children = (declared.children ?? []).flatMap((child, index): TableMapping[] => {
      const at = [...path, 'children', index];
      const own = { table: child.table, columns: child.columns, path: at, resource };
      if (!child.link) return [{ role: 'child', ...own }];
      const link = { table: child.link.table, columns: child.link.columns, path: [...at, 'link'], resource };
      return [
        { role: 'entity', ...own },
        { role: 'link', ...link },
      ];
    });
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
