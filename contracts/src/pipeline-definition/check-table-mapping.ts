import type * as z from 'zod';
import type { DestinationTable } from './destination.ts';
import { sqlBaseType } from './sql-type.ts';
import type { MappingRole } from './table-mappings.ts';
import type { ColumnMapping } from './transform.ts';
import { FITTING_COLUMN_TYPES } from './value-columns.ts';

type Issue = { path: PropertyKey[]; message: string };

export interface MappingTarget {
  /** Where the mapping is in the file: `['transform', 'character']` or `[…, 'children', 0]`. */
  path: PropertyKey[];
  table: string;
  columns: Record<string, ColumnMapping>;
  /** Inside `children`, values come from `$item` or `$parent`; an entity's from `$item` alone. */
  role: MappingRole;
  /** For sources whose record fields are declared (HTML): the fields a top-level `from` may name. */
  fields: readonly string[] | null;
  /** The table lists no columns: they are derived from this mapping. */
  derived: boolean;
}

const ITEM = "'$item' or '$item.<path>'";

const checkSourcePath = (target: MappingTarget, from: string): string | null => {
  const scoped = from.startsWith('$');
  if (target.role === 'row' && scoped)
    return `${from.split('.')[0]} only exists inside children; use a path in the record`;
  if (target.role === 'entity' && !from.startsWith('$item')) {
    return `an entity's columns come from its element alone (${ITEM}), so that every parent listing it gives the same row; the parent's part goes in link.columns`;
  }
  if (target.role !== 'row' && !scoped) {
    return `inside children, say where the value comes from: '$item', '$item.${from}' or '$parent.${from}'`;
  }
  const field = (target.role === 'row' ? from : from.replace(/^\$parent\./, '')).split('.')[0] as string;
  if (target.fields && !field.startsWith('$') && !target.fields.includes(field)) {
    return `'${field}' is not a field of the source resource (${target.fields.join(', ')})`;
  }
  return null;
};

const checkColumn = (
  target: MappingTarget,
  name: string,
  mapping: ColumnMapping,
  destination: DestinationTable,
): Issue[] => {
  const at = [...target.path, 'columns', name];
  const column = destination.columns[name];
  if (!column) {
    const known = Object.keys(destination.columns).join(', ');
    return [
      { path: at, message: `'${name}' is not a column of destination table '${target.table}' (${known})` },
    ];
  }
  const issues: Issue[] = [];
  const pathProblem = checkSourcePath(target, mapping.from);
  if (pathProblem) issues.push({ path: [...at, 'from'], message: pathProblem });
  // A derived column is made from this very mapping: it fits, unless its own `sql` does not, which the
  // column's schema has said already.
  if (target.derived) return issues;
  const fits = FITTING_COLUMN_TYPES[mapping.type];
  if (!fits.includes(sqlBaseType(column.type))) {
    issues.push({
      path: [...at, 'type'],
      message: `a ${mapping.type} value cannot go into ${target.table}.${name}, which is ${column.type} (${mapping.type} fits ${fits.join(', ')})`,
    });
  }
  if (mapping.nullable && !column.nullable) {
    issues.push({
      path: [...at, 'nullable'],
      message: `${target.table}.${name} is NOT NULL; declare it { type: ${column.type}, nullable: true } in destination, or drop nullable here`,
    });
  }
  return issues;
};

/** Checks one mapping against the destination table it fills: every column known, fitting and filled. */
export const checkTableMapping = (
  target: MappingTarget,
  destination: Record<string, DestinationTable>,
  ctx: z.RefinementCtx,
): void => {
  const table = destination[target.table];
  if (!table) {
    const known = Object.keys(destination).join(', ');
    ctx.addIssue({
      code: 'custom',
      path: [...target.path, 'table'],
      message: `table '${target.table}' is not in destination (${known})`,
    });
    return;
  }
  const issues = Object.entries(target.columns).flatMap(([name, mapping]) =>
    checkColumn(target, name, mapping, table),
  );
  for (const [name, column] of Object.entries(table.columns)) {
    if (!column.nullable && !Object.hasOwn(target.columns, name)) {
      issues.push({
        path: [...target.path, 'columns'],
        message: `${target.table}.${name} is NOT NULL but gets no value here: map it, or make it nullable in destination`,
      });
    }
  }
  const reads = (prefix: string) => Object.values(target.columns).some(({ from }) => from.startsWith(prefix));
  if ((target.role === 'child' || target.role === 'link') && !reads('$parent.')) {
    issues.push({
      path: [...target.path, 'columns'],
      message:
        "a child table needs a column from its parent, e.g. character_id: { from: '$parent.id', type: int }",
    });
  }
  if (target.role === 'link' && !reads('$item')) {
    issues.push({
      path: [...target.path, 'columns'],
      message: "a link needs a column from the entity, e.g. author_id: { from: '$item.id', type: int }",
    });
  }
  for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
};
