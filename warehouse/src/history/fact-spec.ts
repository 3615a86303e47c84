import { type DeclarableType, parseDeclaredType } from '../tables/column-type.ts';
import { parsedTypes } from './canonical-value.ts';
import { type Dimension, type DimensionSpec, dimensionOf } from './dimension-spec.ts';
import { assertIdentifier } from './identifiers.ts';

/** What a fact does when its dimension key has no row yet. */
export const MISSING_MEMBER_POLICIES = ['infer', 'unknown', 'reject'] as const;
export type MissingMemberPolicy = (typeof MISSING_MEMBER_POLICIES)[number];

/** The surrogate key a fact gets under the 'unknown' policy; no dimension row carries it (see README). */
export const UNKNOWN_MEMBER_SK = -1;

export interface DimensionLookup {
  dimension: DimensionSpec;
  /** Fact column → the dimension's natural key column it holds, one entry per natural key column. */
  naturalKey: Record<string, string>;
  missing: MissingMemberPolicy;
}

export interface FactSpec {
  table: string;
  /** The fact's own key, e.g. { payment_id: 'varchar(64)' }: one column. */
  id: Record<string, string>;
  /** The column holding when the fact happened; DATETIME(6). */
  eventAt: string;
  measures: Record<string, string>;
  /** Surrogate key column in the fact → the dimension it points into. */
  dimensions: Record<string, DimensionLookup>;
}

export interface Lookup {
  skColumn: string;
  dimension: Dimension;
  /** Fact columns in the order of the dimension's natural key. */
  factColumns: string[];
  factTypes: [string, DeclarableType][];
  missing: MissingMemberPolicy;
}

export interface Fact {
  table: string;
  idColumn: string;
  idType: DeclarableType;
  eventAt: string;
  measures: [string, DeclarableType][];
  lookups: Lookup[];
  /** Every column the loader writes, in table order: id, event time, measures, natural keys. */
  valueColumns: [string, DeclarableType][];
}

const lookupOf = (table: string, skColumn: string, declared: DimensionLookup): Lookup => {
  const dimension = dimensionOf(declared.dimension);
  assertIdentifier(skColumn, `${table} surrogate key column`);
  if (!MISSING_MEMBER_POLICIES.includes(declared.missing)) {
    throw new Error(`${table}.${skColumn}: missing must be one of ${MISSING_MEMBER_POLICIES.join(', ')}`);
  }
  const byDimensionColumn = new Map(Object.entries(declared.naturalKey).map(([fact, dim]) => [dim, fact]));
  const factTypes = dimension.naturalKey.map(([column, type]): [string, DeclarableType] => {
    const factColumn = byDimensionColumn.get(column);
    if (!factColumn)
      throw new Error(`${table}.${skColumn}: no fact column holds ${dimension.table}.${column}`);
    return [assertIdentifier(factColumn, `${table} column`), type];
  });
  if (byDimensionColumn.size !== factTypes.length) {
    throw new Error(`${table}.${skColumn}: naturalKey names columns that are not ${dimension.table}'s key`);
  }
  return {
    skColumn,
    dimension,
    factColumns: factTypes.map(([name]) => name),
    factTypes,
    missing: declared.missing,
  };
};

export const factOf = (spec: FactSpec): Fact => {
  const table = assertIdentifier(spec.table, 'fact table');
  const [idEntry, ...others] = Object.entries(spec.id);
  if (!idEntry || others.length > 0) throw new Error(`${table}: id must name exactly one column`);
  const idColumn = assertIdentifier(idEntry[0], `${table} column`);
  const idType = parseDeclaredType(idEntry[1]);
  const measures = parsedTypes(spec.measures);
  for (const [name] of measures) assertIdentifier(name, `${table} column`);
  const lookups = Object.entries(spec.dimensions).map(([sk, declared]) => lookupOf(table, sk, declared));
  const valueColumns: [string, DeclarableType][] = [
    [idColumn, idType],
    [assertIdentifier(spec.eventAt, `${table} column`), { base: 'datetime', fsp: 6 }],
    ...measures,
    ...lookups.flatMap((lookup) => lookup.factTypes),
  ];
  const names = [...valueColumns.map(([name]) => name), ...lookups.map((lookup) => lookup.skColumn)];
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`${table}: column ${duplicate} is declared twice`);
  return { table, idColumn, idType, eventAt: spec.eventAt, measures, lookups, valueColumns };
};
