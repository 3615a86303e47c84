import type { DestinationTable } from '@sluice/contracts/pipeline-definition';
import { type SQL, sql } from 'drizzle-orm';
import { type DeclarableType, formatType, parseDeclaredType } from './column-type.ts';

/**
 * DDL for declared tables. Names go through `sql.identifier`; type text only ever comes from
 * `formatType` of a parsed type, so nothing a pipeline file says reaches the server unquoted.
 */

/** The uniqueKey's name: one a table, and within MySQL's 64 characters. */
export const uniqueKeyName = (table: string): string => `${table.slice(0, 57)}_unique`;

const columnList = (columns: readonly string[]): SQL =>
  sql.join(
    columns.map((column) => sql.identifier(column)),
    sql`, `,
  );

export const columnDefinition = (name: string, type: DeclarableType, nullable: boolean): SQL =>
  sql`${sql.identifier(name)} ${sql.raw(formatType(type))} ${sql.raw(nullable ? 'null' : 'not null')}`;

const definitionOf = (name: string, column: DestinationTable['columns'][string]): SQL =>
  columnDefinition(name, parseDeclaredType(column.type), column.nullable);

/** utf8mb4 whatever the database's default: sources send names like "Earth (J19ζ7)" and emoji. */
export const createTableStatement = (name: string, table: DestinationTable): SQL => {
  const parts = Object.entries(table.columns).map(([column, declared]) => definitionOf(column, declared));
  if (table.primaryKey) parts.push(sql`primary key (${columnList(table.primaryKey)})`);
  if (table.uniqueKey) {
    parts.push(sql`unique key ${sql.identifier(uniqueKeyName(name))} (${columnList(table.uniqueKey)})`);
  }
  for (const [index, columns] of Object.entries(table.indexes ?? {})) {
    parts.push(sql`key ${sql.identifier(index)} (${columnList(columns)})`);
  }
  return sql`create table ${sql.identifier(name)} (${sql.join(parts, sql`, `)}) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci`;
};

export const addColumnClause = (name: string, type: DeclarableType, nullable: boolean): SQL =>
  sql`add column ${columnDefinition(name, type, nullable)}`;

export const modifyColumnClause = (name: string, type: DeclarableType, nullable: boolean): SQL =>
  sql`modify column ${columnDefinition(name, type, nullable)}`;

export const addIndexClause = (name: string, columns: readonly string[]): SQL =>
  sql`add index ${sql.identifier(name)} (${columnList(columns)})`;

/** One ALTER for all of a table's changes: InnoDB rebuilds the table at most once, and all or nothing. */
export const alterTableStatement = (name: string, clauses: SQL[]): SQL =>
  sql`alter table ${sql.identifier(name)} ${sql.join(clauses, sql`, `)}`;
