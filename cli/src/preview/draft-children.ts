import { columnMappingOf, isKeyable } from './column-mapping.ts';
import { columnNameOf, type InferredColumn, uniqueNames } from './infer-columns.ts';
import { type InferredList, singularOf } from './infer-lists.ts';

type Plain = Record<string, unknown>;

/** A column of a child table to check, as a path under `transform.<resource>` and what to check. */
export interface ColumnNote {
  path: (string | number)[];
  note: string;
}

/** The children a resource's lists make, their tables in `destination`, and what to check. */
export interface ChildrenDraft {
  children: Plain[];
  destination: Record<string, Plain>;
  notes: ColumnNote[];
}

/** What every child points at: the parent's key column, as `$parent.<path>` (`book_id` from `$parent.id`). */
interface ParentReference {
  name: string;
  mapping: Plain;
}

/** Table names made unique among those taken already, within MySQL's 64 characters. */
const tableNamer = (taken: Set<string>) => (name: string) => {
  const base = columnNameOf(name);
  let unique = base;
  for (let count = 2; taken.has(unique); count += 1) unique = `${base.slice(0, 60)}_${count}`;
  taken.add(unique);
  return unique;
};

const notesOf = (at: number, columns: readonly { name: string; note: string | null }[], names: string[]) =>
  columns.flatMap((column, index) =>
    column.note ? [{ path: ['children', at, 'columns', names[index] as string], note: column.note }] : [],
  );

const itemColumnsOf = (columns: readonly InferredColumn[], names: readonly string[]) =>
  Object.fromEntries(
    columns.map((column, index) => [names[index], columnMappingOf(column, `$item.${column.from}`)]),
  );

/**
 * One child per list: scalars into a table of values (`book_tags`: book_id, tag), objects with a key of
 * their own into an entity table (`authors`, upserted on its key, one row however many parents list it)
 * with a link table (`book_authors`), other objects into a table of rows (`book_reviews`). Values and
 * links are replaced per parent, so an element removed at the source goes from the warehouse too.
 */
export const draftChildren = (
  lists: readonly InferredList[],
  parent: { resource: string; table: string; key: InferredColumn },
): ChildrenDraft => {
  const own = columnNameOf(parent.resource);
  // `sluice new` prefixes its tables with the pipeline's name; the children keep the prefix.
  const prefix = parent.table.endsWith(own) ? parent.table.slice(0, parent.table.length - own.length) : '';
  const parentName = singularOf(own);
  const nameTable = tableNamer(new Set([parent.table]));
  const reference: ParentReference = {
    name: columnNameOf(`${parentName}_${parent.key.name}`),
    mapping: columnMappingOf(parent.key, `$parent.${parent.key.from}`),
  };
  const draft: ChildrenDraft = { children: [], destination: {}, notes: [] };
  lists.forEach((list, at) => {
    const childTable = nameTable(`${prefix}${parentName}_${list.name}`);
    if (list.kind === 'values') {
      const [, value] = uniqueNames([reference.name, list.value.name]) as [string, string];
      const columns = { [reference.name]: reference.mapping, [value]: columnMappingOf(list.value) };
      // A value listed twice in one parent is one row, which the key below needs.
      draft.children.push({ table: childTable, from: list.from, distinct: true, columns });
      draft.destination[childTable] = isKeyable(list.value)
        ? { primaryKey: [reference.name, value], writeMode: 'replace' }
        : { writeMode: 'replace' };
      draft.notes.push(...notesOf(at, [list.value], [value]));
      return;
    }
    if (list.kind === 'rows') {
      const names = uniqueNames([reference.name, ...list.items.columns.map((column) => column.name)]);
      const columns = {
        [reference.name]: reference.mapping,
        ...itemColumnsOf(list.items.columns, names.slice(1)),
      };
      draft.children.push({ table: childTable, from: list.from, columns });
      draft.destination[childTable] = { writeMode: 'replace' };
      draft.notes.push(...notesOf(at, list.items.columns, names.slice(1)));
      return;
    }
    const entityTable = nameTable(`${prefix}${list.name}`);
    const names = list.items.columns.map((column) => column.name);
    const key = list.items.columns.find((column) => column.name === list.items.key[0]) as InferredColumn;
    const [, linkName] = uniqueNames([reference.name, columnNameOf(`${singularOf(list.name)}_${key.name}`)]);
    const link = {
      table: childTable,
      columns: {
        [reference.name]: reference.mapping,
        [linkName as string]: columnMappingOf(key, `$item.${key.from}`),
      },
    };
    draft.children.push({
      table: entityTable,
      from: list.from,
      columns: itemColumnsOf(list.items.columns, names),
      link,
    });
    draft.destination[entityTable] = { primaryKey: [key.name] };
    draft.destination[childTable] = { primaryKey: [reference.name, linkName], writeMode: 'replace' };
    draft.notes.push(...notesOf(at, list.items.columns, names));
  });
  return draft;
};
