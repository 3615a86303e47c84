import type { DestinationTable } from '@sluice/contracts/pipeline-definition';
import {
  bigint,
  boolean,
  customType,
  date,
  datetime,
  decimal,
  index,
  int,
  type MySqlColumnBuilderBase,
  mysqlTable,
  primaryKey,
  text,
  unique,
  varchar,
} from 'drizzle-orm/mysql-core';
import { type DeclarableType, parseDeclaredType } from './column-type.ts';
import { uniqueKeyName } from './table-ddl.ts';

/**
 * The transformer writes JSON columns as JSON text already: Drizzle's `json()` would stringify it a second
 * time. MySQL 8 hands a JSON column back parsed (MariaDB's is LONGTEXT), so reads become text again.
 */
const jsonText = customType<{ data: string; driverData: unknown }>({
  dataType: () => 'json',
  fromDriver: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
});

type Fsp = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Values arrive as the transformer writes them: strings for decimals, dates and datetimes. */
const builderOf = (name: string, type: DeclarableType): MySqlColumnBuilderBase => {
  switch (type.base) {
    case 'varchar':
      return varchar(name, { length: type.length });
    case 'decimal':
      return decimal(name, { precision: type.precision, scale: type.scale });
    case 'datetime':
      return datetime(name, { mode: 'string', fsp: type.fsp as Fsp });
    case 'int':
      return int(name);
    case 'bigint':
      return bigint(name, { mode: 'number' });
    case 'boolean':
      return boolean(name);
    case 'date':
      return date(name, { mode: 'string' });
    case 'json':
      return jsonText(name);
    case 'text':
      return text(name);
  }
};

const columnsOf = (table: DestinationTable): Record<string, MySqlColumnBuilderBase> =>
  Object.fromEntries(
    Object.entries(table.columns).map(([name, { type, nullable }]) => {
      const builder = builderOf(name, parseDeclaredType(type));
      return [name, nullable ? builder : (builder as ReturnType<typeof int>).notNull()];
    }),
  );

/**
 * A Drizzle table built at run time from a declaration, so rows keep going through Drizzle's
 * parameterised queries (and `upsertStatement`). Property names are the SQL column names.
 */
export const drizzleTableOf = (name: string, table: DestinationTable) =>
  mysqlTable(name, columnsOf(table), (columns) => {
    const pick = (names: string[]) =>
      names.map((column) => {
        const found = columns[column];
        // DestinationTableSchema already refuses keys on undeclared columns; this keeps a hand-built one honest.
        if (!found) throw new Error(`${name}: ${column} is in a key but not a column`);
        return found;
      }) as [never, ...never[]];
    return [
      ...(table.primaryKey ? [primaryKey({ columns: pick(table.primaryKey) })] : []),
      ...(table.uniqueKey ? [unique(uniqueKeyName(name)).on(...pick(table.uniqueKey))] : []),
      ...Object.entries(table.indexes ?? {}).map(([indexName, names]) => index(indexName).on(...pick(names))),
    ];
  });

export type DeclaredDrizzleTable = ReturnType<typeof drizzleTableOf>;
