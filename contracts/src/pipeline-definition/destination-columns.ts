import { formatPath } from './describe-issues.ts';
import type { DeclaredTable, DestinationColumn, DestinationTable } from './destination.ts';
import { moduleTablesOf, type TableMapping, tableMappingsOf } from './table-mappings.ts';
import type { ColumnMapping, ResourceTransform } from './transform.ts';
import { DEFAULT_COLUMN_TYPES } from './value-columns.ts';

type Issue = { path: PropertyKey[]; message: string };

/**
 * The destination column a transform column makes, for a table that lists no columns: its `sql`, else
 * `varchar(length)`, else its type's default (DEFAULT_COLUMN_TYPES); NULL allowed where the value may be.
 */
export const derivedColumnOf = (mapping: ColumnMapping): DestinationColumn => ({
  type:
    mapping.sql ??
    (mapping.length === undefined ? DEFAULT_COLUMN_TYPES[mapping.type] : `varchar(${mapping.length})`),
  nullable: mapping.nullable,
});

export interface ResolvedDestination {
  /** Every table whose columns are known: listed in the file, or derived. */
  destination: Record<string, DestinationTable>;
  /** The tables whose columns were derived, and the mapping each came from. */
  derivedFrom: Record<string, TableMapping>;
  /** Why a table's columns could not be derived, or a column type was given in two places. */
  issues: Issue[];
}

/** `sql` and `length` say a column's type, which a table that lists its columns says already. */
const typesSaidTwice = (mapping: TableMapping, table: DeclaredTable): Issue[] =>
  Object.entries(mapping.columns).flatMap(([name, column]) =>
    (['sql', 'length'] as const).flatMap((key) => {
      if (column[key] === undefined) return [];
      const declared = table.columns?.[name];
      const there = declared ? `, where ${mapping.table}.${name} is ${declared.type}` : '';
      const message = `destination.${mapping.table} lists its columns${there}: say a column's type in one place, so drop ${key} here or the table's columns`;
      return [{ path: [...mapping.path, 'columns', name, key], message }];
    }),
  );

const underivable = (name: string, mappings: TableMapping[], modules: string[]): Issue | null => {
  const path = ['destination', name];
  if (modules.length > 0) {
    const message = `'${name}' is written by module ${modules.join(', ')}, whose columns a pipeline file cannot see: list them in destination.${name}.columns`;
    return { path, message };
  }
  if (mappings.length > 1) {
    const where = mappings.map((mapping) => formatPath(mapping.path)).join(' and ');
    const message = `'${name}' is filled by ${where}: list its columns in destination.${name}.columns, so that they agree`;
    return { path, message };
  }
  return null;
};

/**
 * Every destination table with its columns, the one place a table's columns are decided: those the file
 * lists, or, for a table that lists none, those of the one mapping that fills it, each made by
 * `derivedColumnOf` in the mapping's order. A table no mapping fills, or a module writes, or several
 * mappings fill, gets none without a list (`issues` says why; a table nothing writes is reported where the
 * pipeline is checked).
 */
export const resolveDestination = (pipeline: {
  transform: Record<string, ResourceTransform>;
  destination: Record<string, DeclaredTable>;
}): ResolvedDestination => {
  const mappings = tableMappingsOf(pipeline.transform);
  const modules = moduleTablesOf(pipeline.transform);
  const resolved: ResolvedDestination = { destination: {}, derivedFrom: {}, issues: [] };
  for (const [name, table] of Object.entries(pipeline.destination)) {
    const filling = mappings.filter((mapping) => mapping.table === name);
    if (table.columns) {
      resolved.destination[name] = { ...table, columns: table.columns };
      resolved.issues.push(...filling.flatMap((mapping) => typesSaidTwice(mapping, table)));
      continue;
    }
    const writers = modules.filter((module) => module.table === name).map((module) => module.module);
    const problem = underivable(name, filling, writers);
    const [only] = filling;
    if (problem) resolved.issues.push(problem);
    if (problem || !only) continue;
    const columns = Object.fromEntries(
      Object.entries(only.columns).map(([column, mapping]) => [column, derivedColumnOf(mapping)]),
    );
    resolved.destination[name] = { ...table, columns };
    resolved.derivedFrom[name] = only;
  }
  return resolved;
};
