import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createConnection } from 'mysql2/promise';
import { connectWarehouse, type Warehouse } from '../connect.ts';
import type { Executor } from '../upsert.ts';
import type { DimensionSpec } from './dimension-spec.ts';
import type { FactSpec, MissingMemberPolicy } from './fact-spec.ts';
import { rowsOf } from './query-rows.ts';
import type { Observation } from './record-observations.ts';

const SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';

export interface TestDatabase {
  warehouse: Warehouse;
  drop: () => Promise<void>;
}

/**
 * A database of its own (`sluice_test_history_<random>`), dropped by `drop`. `timeZone` sets every
 * session's time zone, to show that nothing the history writes depends on it.
 */
export const openTestDatabase = async (timeZone?: string): Promise<TestDatabase> => {
  const database = `sluice_test_history_${randomBytes(4).toString('hex')}`;
  const connection = await createConnection({ uri: SERVER });
  await connection.query(`create database \`${database}\` character set utf8mb4 collate utf8mb4_unicode_ci`);
  await connection.end();
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const warehouse = connectWarehouse(url.toString(), 4);
  if (timeZone) {
    // Queued before anything else on the new connection, so every statement sees it.
    warehouse.pool.on('connection', (session) => {
      session.query(`set time_zone = '${timeZone}'`);
    });
  }
  return {
    warehouse,
    drop: async () => {
      await warehouse.db.execute(sql`drop database if exists ${sql.identifier(database)}`);
      await warehouse.close();
    },
  };
};

let tables = 0;
/** A table name no other case uses, so cases do not depend on each other's order. */
export const uniqueTable = (prefix: string) => `${prefix}_${++tables}`;

export const customerSpec = (table = uniqueTable('customer')): DimensionSpec => ({
  table,
  naturalKey: { customer_id: 'int' },
  tracked: { city: 'varchar(64)', tier: 'varchar(16)' },
  overwrite: { email: 'varchar(128)' },
  lowDate: '1900-01-01 00:00:00',
});

export const paymentSpec = (
  customer: DimensionSpec,
  missing: MissingMemberPolicy = 'infer',
  table = uniqueTable('payment'),
): FactSpec => ({
  table,
  id: { payment_id: 'varchar(32)' },
  eventAt: 'paid_at',
  measures: { amount: 'decimal(14,4)' },
  dimensions: { customer_sk: { dimension: customer, naturalKey: { customer_id: 'customer_id' }, missing } },
});

export interface Customer {
  customer_id: number;
  city: string;
  tier: string;
  email: string;
}

export const customer = (overrides: Partial<Customer> & { customer_id: number }): Customer => ({
  city: 'Paris',
  tier: 'gold',
  email: `c${overrides.customer_id}@example.com`,
  ...overrides,
});

export const seen = (at: string, row: Customer): Observation => ({ row: { ...row }, observedAt: at });
export const gone = (at: string, customerId: number): Observation => ({
  row: { customer_id: customerId },
  observedAt: at,
  deleted: true,
});

export const payment = (
  payment_id: string,
  customer_id: number | null,
  paid_at: string,
  amount = '10.0000',
) => ({
  payment_id,
  customer_id,
  paid_at,
  amount,
});

/** A whole table, in a stable order, for comparing loads in tests. */
export const readTable = (db: Executor, table: string, orderBy: string[]) =>
  rowsOf<Record<string, unknown>>(
    db,
    sql`select * from ${sql.identifier(table)} order by ${sql.join(
      orderBy.map((column) => sql.identifier(column)),
      sql`, `,
    )}`,
  );

/** The rows without the surrogate key: what must match whatever order the batches came in. */
export const withoutColumn = (rows: Record<string, unknown>[], column: string) =>
  rows.map(({ [column]: _dropped, ...rest }) => rest);
