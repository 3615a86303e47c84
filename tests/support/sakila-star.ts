import type { Connection } from 'mysql2/promise';
import { expect } from 'vitest';

/** Each dimension of pipelines/sakila.yaml: its source table, key and the columns its versions carry. */
export const SAKILA_DIMENSIONS = {
  dim_customer: {
    source: 'customer',
    key: 'customer_id',
    columns: ['store_id', 'first_name', 'last_name', 'email', 'address_id', 'active', 'create_date'],
  },
  dim_film: {
    source: 'film',
    key: 'film_id',
    columns: ['rental_rate', 'replacement_cost', 'rental_duration', 'rating', 'title', 'description'],
  },
  dim_store: { source: 'store', key: 'store_id', columns: ['manager_staff_id', 'address_id'] },
  dim_inventory: { source: 'inventory', key: 'inventory_id', columns: ['film_id', 'store_id'] },
  dim_staff: {
    source: 'staff',
    key: 'staff_id',
    columns: ['first_name', 'last_name', 'address_id', 'email', 'store_id', 'active', 'username'],
  },
} as const;

export const SAKILA_FACTS = { fact_rental: 'rental', fact_payment: 'payment' } as const;

export const rowsOf = async (db: Connection, sql: string, values: unknown[] = []) =>
  (await db.query(sql, values))[0] as Record<string, unknown>[];

/** Versions, current and closed, by dimension; facts by table: what the flow prints after each run. */
export const starFigures = async (warehouse: Connection) => {
  const figures: Record<string, Record<string, unknown>> = {};
  for (const table of Object.keys(SAKILA_DIMENSIONS)) {
    const [row] = await rowsOf(
      warehouse,
      `SELECT COUNT(*) AS versions, SUM(is_current) AS current, SUM(1 - is_current) AS closed FROM ${table}`,
    );
    figures[table] = { ...row };
  }
  for (const table of Object.keys(SAKILA_FACTS)) {
    const [row] = await rowsOf(warehouse, `SELECT COUNT(*) AS facts FROM ${table}`);
    figures[table] = { ...row };
  }
  return figures;
};

/** Every row of the star, in key order: a rerun that changes nothing leaves this equal. */
export const starContents = async (warehouse: Connection) => {
  const contents: Record<string, unknown[]> = {};
  for (const table of [...Object.keys(SAKILA_DIMENSIONS), ...Object.keys(SAKILA_FACTS)]) {
    contents[table] = await rowsOf(warehouse, `SELECT * FROM ${table} ORDER BY 1`);
  }
  return contents;
};

/**
 * Facts whose surrogate key is not the version of their member valid at their event time (the newest
 * version starting at or before it): none is expected.
 */
export const misdatedFacts = async (
  warehouse: Connection,
  fact: string,
  eventTime: string,
  lookup: { sk: string; dimension: string; key: string },
) =>
  rowsOf(
    warehouse,
    `SELECT f.${lookup.key}, f.${eventTime}, f.${lookup.sk} FROM ${fact} f
     WHERE f.${lookup.sk} <> COALESCE((SELECT d.${lookup.dimension}_sk FROM ${lookup.dimension} d
       WHERE d.${lookup.key} = f.${lookup.key} AND d.valid_from <= f.${eventTime}
       ORDER BY d.valid_from DESC LIMIT 1), -2)`,
  );

/**
 * The star agrees with the source: each dimension's current versions are the source's rows, payments
 * equal it to the cent and rentals by count (deletes included).
 */
export const expectStarToMatchSource = async (warehouse: Connection, source: Connection) => {
  for (const [table, { source: from, key, columns }] of Object.entries(SAKILA_DIMENSIONS)) {
    const select = `SELECT ${[key, ...columns].join(', ')}`;
    expect(await rowsOf(warehouse, `${select} FROM ${table} WHERE is_current ORDER BY 1`), table).toEqual(
      await rowsOf(source, `${select} FROM ${from} ORDER BY 1`),
    );
  }
  const totals = 'SELECT COUNT(*) AS n, SUM(amount) AS total FROM';
  expect(await rowsOf(warehouse, `${totals} fact_payment`)).toEqual(
    await rowsOf(source, `${totals} payment`),
  );
  const [sourceRentals] = await rowsOf(source, 'SELECT COUNT(*) AS n FROM rental');
  expect(await rowsOf(warehouse, 'SELECT COUNT(*) AS n FROM fact_rental')).toEqual([sourceRentals]);
};
