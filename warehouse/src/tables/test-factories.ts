import { DestinationTableSchema } from '@sluice/contracts/pipeline-definition';
import type { SQL } from 'drizzle-orm';
import { MySqlDialect } from 'drizzle-orm/mysql-core';
import { parseDeclaredType } from './column-type.ts';
import type { LiveTable } from './live-table.ts';

/** A declaration as the pipeline schema parses it (defaults applied, rules checked). */
export const declareTable = (input: unknown) => DestinationTableSchema.parse(input);

export const sensorTable = () =>
  declareTable({
    columns: {
      id: 'varchar(64)',
      reading: 'decimal(20,8)',
      count: 'int',
      seen_at: 'datetime',
      label: { type: 'varchar(32)', nullable: true },
      ok: 'boolean',
    },
    primaryKey: ['id'],
    indexes: { sensors_seen_at_idx: ['seen_at'] },
  });

/** The live table the declaration would have created, with or without rows. */
export const liveOf = (declared: ReturnType<typeof declareTable>, hasRows = true): LiveTable => ({
  columns: Object.entries(declared.columns).map(([name, { type, nullable }]) => ({
    name,
    type: parseDeclaredType(type),
    nullable,
    hasDefault: false,
  })),
  primaryKey: declared.primaryKey ?? [],
  indexes: [
    ...(declared.uniqueKey ? [{ name: 'u', unique: true, columns: declared.uniqueKey }] : []),
    ...Object.entries(declared.indexes ?? {}).map(([name, columns]) => ({ name, unique: false, columns })),
  ],
  hasRows,
});

const dialect = new MySqlDialect();
export const sqlText = (statement: SQL): string => dialect.sqlToQuery(statement).sql;
