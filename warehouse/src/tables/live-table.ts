import { sql } from 'drizzle-orm';
import type { WarehouseDb } from '../connect.ts';
import { type ColumnType, parseLiveType } from './column-type.ts';

export interface LiveColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** A default (or auto_increment) lets an insert that leaves the column out still succeed. */
  hasDefault: boolean;
}

export interface LiveIndex {
  name: string;
  unique: boolean;
  columns: string[];
}

/** A table as the database has it, in the terms a declaration compares with. */
export interface LiveTable {
  /** In the table's order. */
  columns: LiveColumn[];
  /** Empty when the table has none. */
  primaryKey: string[];
  /** Every index but the primary key. */
  indexes: LiveIndex[];
  /** Whether a NOT NULL column can still be added: it cannot be once rows exist that would lack a value. */
  hasRows: boolean;
}

interface ColumnRow {
  name: string;
  columnType: string;
  isNullable: string;
  columnDefault: string | null;
  extra: string | null;
}

interface IndexRow {
  indexName: string;
  nonUnique: number | string;
  columnName: string;
}

type Execute = Pick<WarehouseDb, 'execute'>;

// mysql2 answers [rows, fields]; the aliases keep the keys the same on MySQL 8, which names them in capitals.
const rowsOf = async <T>(db: Execute, query: ReturnType<typeof sql>): Promise<T[]> => {
  const [rows] = (await db.execute(query)) as unknown as [T[]];
  return rows;
};

const readColumns = (db: Execute, database: string, name: string) =>
  rowsOf<ColumnRow>(
    db,
    sql`select column_name as name, column_type as columnType, is_nullable as isNullable,
          column_default as columnDefault, extra
        from information_schema.columns
        where table_schema = ${database} and table_name = ${name}
        order by ordinal_position`,
  );

const readIndexes = async (db: Execute, database: string, name: string): Promise<LiveIndex[]> => {
  const rows = await rowsOf<IndexRow>(
    db,
    sql`select index_name as indexName, non_unique as nonUnique, column_name as columnName
        from information_schema.statistics
        where table_schema = ${database} and table_name = ${name}
        order by index_name, seq_in_index`,
  );
  const byName = new Map<string, LiveIndex>();
  for (const row of rows) {
    const index = byName.get(row.indexName) ?? {
      name: row.indexName,
      unique: Number(row.nonUnique) === 0,
      columns: [],
    };
    index.columns.push(row.columnName);
    byName.set(row.indexName, index);
  }
  return [...byName.values()];
};

const toLiveColumn = (row: ColumnRow): LiveColumn => ({
  name: row.name,
  type: parseLiveType(row.columnType),
  nullable: row.isNullable === 'YES',
  hasDefault:
    (row.columnDefault !== null && row.isNullable === 'NO') || /auto_increment/i.test(row.extra ?? ''),
});

/** What the live database has (from information_schema), or null when the table does not exist. */
export const readLiveTable = async (
  db: WarehouseDb,
  database: string,
  name: string,
): Promise<LiveTable | null> => {
  const columns = await readColumns(db, database, name);
  if (columns.length === 0) return null;
  const indexes = await readIndexes(db, database, name);
  const anyRow = await rowsOf<unknown>(
    db,
    sql`select 1 from ${sql.identifier(database)}.${sql.identifier(name)} limit 1`,
  );
  return {
    columns: columns.map(toLiveColumn),
    primaryKey: indexes.find((index) => index.name === 'PRIMARY')?.columns ?? [],
    indexes: indexes.filter((index) => index.name !== 'PRIMARY'),
    hasRows: anyRow.length > 0,
  };
};
