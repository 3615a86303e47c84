import { type SQL, sql } from 'drizzle-orm';
import { columnDefinition } from '../tables/table-ddl.ts';
import type { Executor } from '../upsert.ts';
import { type Dimension, type DimensionSpec, dimensionOf, FAR_FUTURE } from './dimension-spec.ts';
import { type Fact, type FactSpec, factOf, UNKNOWN_MEMBER_SK } from './fact-spec.ts';
import { columnList } from './identifiers.ts';
import { trackedComment } from './plan-history-changes.ts';

/**
 * DDL for history tables. Names were checked by `dimensionOf`/`factOf` and go through `sql.identifier`;
 * type text only comes from `formatType` of a parsed type. `if not exists`: creating is safe at every
 * start; a changed declaration is planned against the live tables first (plan-history-changes.ts).
 */

// utf8mb4 whatever the database's default, as for pipeline tables.
const TABLE_OPTIONS = sql.raw('engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci');
const indexName = (name: string) => sql.identifier(name.slice(0, 64));

const attributeDefinitions = (dimension: Dimension): SQL[] =>
  [...dimension.tracked, ...dimension.overwrite].map(([name, type]) => columnDefinition(name, type, true));

const keyDefinitions = (dimension: Dimension): SQL[] =>
  dimension.naturalKey.map(([name, type]) => columnDefinition(name, type, false));

export const dimensionTableStatement = (dimension: Dimension): SQL => {
  const key = columnList(dimension.keyColumns);
  const parts = [
    sql`${sql.identifier(dimension.surrogateKey)} bigint not null auto_increment`,
    ...keyDefinitions(dimension),
    sql`valid_from datetime(6) not null`,
    sql`valid_to datetime(6) not null`,
    // Generated, so it can never disagree with valid_to.
    sql`is_current boolean as (valid_to = ${sql.raw(`'${FAR_FUTURE}'`)}) persistent`,
    sql`is_deleted boolean not null default 0`,
    sql`is_inferred boolean not null default 0`,
    sql`row_hash char(64) character set ascii null`,
    ...attributeDefinitions(dimension),
    sql`primary key (${sql.identifier(dimension.surrogateKey)})`,
    // The upsert key: a version is its key and its start, so an unchanged version keeps its surrogate key.
    sql`unique key ${indexName(`${dimension.table}_version`)} (${key}, valid_from)`,
    // One current row (valid_to = FAR_FUTURE) per key, and no two versions ending together.
    sql`unique key ${indexName(`${dimension.table}_validity`)} (${key}, valid_to)`,
  ];
  // The comment records what the row hashes were computed from (plan-history-changes.ts).
  return sql`create table if not exists ${sql.identifier(dimension.table)} (${sql.join(parts, sql`, `)}) ${TABLE_OPTIONS} comment=${trackedComment(dimension)}`;
};

export const changeTableStatement = (dimension: Dimension): SQL => {
  const parts = [
    ...keyDefinitions(dimension),
    sql`observed_at datetime(6) not null`,
    sql`is_deleted boolean not null`,
    sql`row_hash char(64) character set ascii null`,
    sql`content_hash char(64) character set ascii not null`,
    ...attributeDefinitions(dimension),
    sql`primary key (${columnList(dimension.keyColumns)}, observed_at)`,
  ];
  return sql`create table if not exists ${sql.identifier(dimension.changes)} (${sql.join(parts, sql`, `)}) ${TABLE_OPTIONS}`;
};

export const factTableStatement = (fact: Fact): SQL => {
  const [, ...rest] = fact.valueColumns;
  const parts = [
    columnDefinition(fact.idColumn, fact.idType, false),
    ...rest.map(([name, type]) => columnDefinition(name, type, name !== fact.eventAt)),
    ...fact.lookups.map(
      (lookup) =>
        sql`${sql.identifier(lookup.skColumn)} bigint not null default ${sql.raw(String(UNKNOWN_MEMBER_SK))}`,
    ),
    sql`primary key (${sql.identifier(fact.idColumn)})`,
    ...fact.lookups.flatMap((lookup) => [
      sql`key ${indexName(`${lookup.skColumn}_idx`)} (${sql.identifier(lookup.skColumn)})`,
      // Re-pointing after a dimension load finds the facts of the touched keys through this one.
      sql`key ${indexName(`${lookup.skColumn.slice(0, 56)}_key_idx`)} (${columnList(lookup.factColumns)}, ${sql.identifier(fact.eventAt)})`,
    ]),
  ];
  return sql`create table if not exists ${sql.identifier(fact.table)} (${sql.join(parts, sql`, `)}) ${TABLE_OPTIONS}`;
};

/** The dimension and its change table. */
export const createScd2Table = async (db: Executor, spec: DimensionSpec): Promise<void> => {
  const dimension = dimensionOf(spec);
  await db.execute(dimensionTableStatement(dimension));
  await db.execute(changeTableStatement(dimension));
};

/** The fact table, and the dimensions it points into. */
export const createFactTable = async (db: Executor, spec: FactSpec): Promise<void> => {
  const fact = factOf(spec);
  for (const lookup of Object.values(spec.dimensions)) await createScd2Table(db, lookup.dimension);
  await db.execute(factTableStatement(fact));
};
