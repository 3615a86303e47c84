import type {
  ColumnMapping,
  DestinationTable,
  PipelineDefinition,
  ResourceTransform,
} from '@sluice/contracts/pipeline-definition';
import { pathReader } from '@sluice/contracts/pipeline-definition';
import { type ColumnCheck, columnCheck } from './column-check.ts';

export type TableTransform = Extract<ResourceTransform, { table: string }>;

type Reader = (record: unknown, item: unknown) => unknown;

/** A column ready to apply: where its value is, and the check that converts it. */
export interface CompiledColumn {
  name: string;
  from: string;
  read: Reader;
  check: ColumnCheck;
}

export interface CompiledChild {
  table: string;
  /** The array, a path in the record. */
  from: string;
  readArray: (record: unknown) => unknown;
  distinct: boolean;
  /** The destination's writeMode is 'replace': the loader needs every parent's key. */
  replace: boolean;
  /**
   * For the table of an entity child (`link` declared): its key columns. The page then keeps one row per
   * key, the last one read, since one insert cannot hold the same key twice.
   */
  entityKey: string[] | null;
  /** All its columns, in the order the file gives them. */
  columns: string[];
  /** Filled from `$parent.…`: once per record, the same in every row of it. */
  parentColumns: CompiledColumn[];
  /** Filled from `$item…`: once per element of the array. */
  itemColumns: CompiledColumn[];
}

export interface CompiledMapping {
  table: string;
  columns: CompiledColumn[];
  children: CompiledChild[];
}

/**
 * The fields an HTML resource declares: every record of it has them, null where the page had nothing (and
 * a JSON record cannot keep an undefined). So one absent from a record reads as null (NULL where nullable)
 * rather than as missing; a JSON API's records are not declared, and an absent field there rejects.
 */
export const declaredFields = (pipeline: PipelineDefinition, resource: string): ReadonlySet<string> => {
  const source = pipeline.source;
  const declared = source.type === 'html' ? source.resources[resource] : undefined;
  return new Set(
    declared ? [...Object.keys(declared.fields), ...Object.keys(declared.follow?.fields ?? {})] : [],
  );
};

const readerOf = (from: string, declared: ReadonlySet<string>): Reader => {
  if (from === '$item') return (_record, item) => item;
  if (from.startsWith('$item.')) {
    const readItem = pathReader(from.slice('$item.'.length));
    return (_record, item) => readItem(item);
  }
  const path = from.replace(/^\$parent\./, '');
  const field = path.split('.')[0] ?? path;
  const isDeclared = declared.has(field);
  const read = pathReader(path);
  return (record) => {
    const value = read(record);
    const leftOut =
      isDeclared && typeof record === 'object' && record !== null && !Object.hasOwn(record, field);
    return value === undefined && leftOut ? null : value;
  };
};

const destinationOf = (pipeline: PipelineDefinition, table: string): DestinationTable => {
  const destination = pipeline.destination[table];
  if (!destination) throw new Error(`pipeline ${pipeline.name}: table '${table}' is not in destination`);
  return destination;
};

const compileColumns = (
  pipeline: PipelineDefinition,
  table: string,
  columns: Record<string, ColumnMapping>,
  declared: ReadonlySet<string>,
): CompiledColumn[] => {
  const destination = destinationOf(pipeline, table);
  return Object.entries(columns).map(([name, mapping]) => {
    const column = destination.columns[name];
    if (!column) throw new Error(`pipeline ${pipeline.name}: '${name}' is not a column of table '${table}'`);
    return {
      name,
      from: mapping.from,
      read: readerOf(mapping.from, declared),
      check: columnCheck(mapping, column),
    };
  });
};

type ChildDeclaration = NonNullable<TableTransform['children']>[number];

const compileChild = (
  pipeline: PipelineDefinition,
  declared: ReadonlySet<string>,
  child: { table: string; from: string; columns: ChildDeclaration['columns'] },
  shape: { distinct: boolean; entityKey: string[] | null },
): CompiledChild => {
  const columns = compileColumns(pipeline, child.table, child.columns, declared);
  const fromParent = (column: CompiledColumn) => column.from.startsWith('$parent.');
  return {
    table: child.table,
    from: child.from,
    readArray: pathReader(child.from),
    ...shape,
    replace: destinationOf(pipeline, child.table).writeMode === 'replace',
    columns: columns.map((column) => column.name),
    parentColumns: columns.filter(fromParent),
    itemColumns: columns.filter((column) => !fromParent(column)),
  };
};

/** The key an entity table is upserted on, which the page keeps each entity once by. */
const entityKeyOf = (pipeline: PipelineDefinition, table: string): string[] => {
  const destination = destinationOf(pipeline, table);
  const key = destination.primaryKey ?? destination.uniqueKey;
  if (!key)
    throw new Error(`pipeline ${pipeline.name}: entity table '${table}' has no primaryKey or uniqueKey`);
  return key;
};

/**
 * A child as the page fills it: its rows, or for an entity child (`link` declared) two tables filled from
 * the same array, the entities (one row per key) and then the parent-entity links (distinct).
 */
const compileChildren = (
  pipeline: PipelineDefinition,
  declared: ReadonlySet<string>,
  child: ChildDeclaration,
): CompiledChild[] => {
  if (!child.link)
    return [compileChild(pipeline, declared, child, { distinct: child.distinct, entityKey: null })];
  const link = { ...child.link, from: child.from };
  return [
    compileChild(pipeline, declared, child, {
      distinct: false,
      entityKey: entityKeyOf(pipeline, child.table),
    }),
    compileChild(pipeline, declared, link, { distinct: true, entityKey: null }),
  ];
};

/** Turns a resource's mapping into columns ready to apply, checked against the destination it fills. */
export const compileMapping = (
  pipeline: PipelineDefinition,
  resource: string,
  transform: TableTransform,
): CompiledMapping => {
  const declared = declaredFields(pipeline, resource);
  return {
    table: transform.table,
    columns: compileColumns(pipeline, transform.table, transform.columns, declared),
    children: (transform.children ?? []).flatMap((child) => compileChildren(pipeline, declared, child)),
  };
};
