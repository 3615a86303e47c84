import type { Connection } from 'mysql2/promise';
import { rowsOf, SAKILA_DIMENSIONS, SAKILA_FACTS } from './sakila-star.ts';

/** The lookups of the fact tables of pipelines/sakila.yaml: the dimension each points into, by its key. */
const SAKILA_LOOKUPS = {
  customer_sk: { dimension: 'dim_customer', key: 'customer_id' },
  staff_sk: { dimension: 'dim_staff', key: 'staff_id' },
  inventory_sk: { dimension: 'dim_inventory', key: 'inventory_id' },
} as const;

/** Per resource, each upper bound a run read the table as of, and the name it is compared by. */
export type UpperBoundNames = Record<string, Map<string, string>>;

/**
 * The upper bounds the run's pages of each resource carried (each page reports it as its cursor): one per
 * resource, since a run reads a table as of one point in time.
 */
export const readUpperBounds = async (warehouse: Connection, runId: string) => {
  const rows = await rowsOf(
    warehouse,
    'SELECT DISTINCT resource, `cursor` FROM sluice_run_pages WHERE run_id = ? ORDER BY 1, 2',
    [runId],
  );
  const byResource = Map.groupBy(rows, ({ resource }) => String(resource));
  return Object.fromEntries(
    [...byResource].map(([resource, pages]) => [
      resource,
      pages.map(({ cursor }) => JSON.parse(String(cursor)) as string),
    ]),
  );
};

/** Names each run's upper bound of each resource by its day, the same names for two warehouses. */
export const nameUpperBounds = (days: Record<string, string[]>[]): UpperBoundNames => {
  const names: UpperBoundNames = {};
  for (const [index, bounds] of days.entries()) {
    for (const [resource, values] of Object.entries(bounds)) {
      const named = names[resource] ?? new Map<string, string>();
      for (const value of values) named.set(value, `day ${index + 1} upper bound`);
      names[resource] = named;
    }
  }
  return names;
};

const sortedRows = (rows: Record<string, unknown>[]) =>
  rows
    .map((row) => ({ row, text: JSON.stringify(row) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ row }) => row);

/**
 * Every row of the star and of its dimensions' change tables, in a form two warehouses loaded from the
 * same source can be compared in, whatever order their pages were loaded in:
 * - surrogate keys are left out: they are stable only when versions arrive in order (history README);
 * - a fact's surrogate keys become the natural key and start of the version they point at;
 * - a time that is a run's upper bound (a version dated by its snapshot) becomes the name of that run's
 *   day, since two runs of the same source state read it at different instants.
 * Everything else is compared as stored: natural keys, validity, is_current, is_deleted, is_inferred,
 * row_hash, content_hash, attributes, event times and measures.
 */
export const comparableStar = async (warehouse: Connection, upperBounds: UpperBoundNames) => {
  const star: Record<string, Record<string, unknown>[]> = {};
  const named = (resource: string, value: unknown) => upperBounds[resource]?.get(String(value)) ?? value;
  for (const [table, { source }] of Object.entries(SAKILA_DIMENSIONS)) {
    const versions = await rowsOf(warehouse, `SELECT * FROM ${table}`);
    star[table] = sortedRows(
      versions.map(({ [`${table}_sk`]: _surrogate, valid_from, valid_to, ...row }) => ({
        ...row,
        valid_from: named(source, valid_from),
        valid_to: named(source, valid_to),
      })),
    );
    const changes = await rowsOf(warehouse, `SELECT * FROM ${table}__changes`);
    star[`${table}__changes`] = sortedRows(
      changes.map(({ observed_at, ...row }) => ({ ...row, observed_at: named(source, observed_at) })),
    );
  }
  for (const table of Object.keys(SAKILA_FACTS)) {
    // Only rentals name a copy (inventory_sk); both facts name a customer and a member of staff.
    const lookups = Object.entries(SAKILA_LOOKUPS).filter(
      ([sk]) => sk !== 'inventory_sk' || table === 'fact_rental',
    );
    const pointedAt = lookups.map(
      ([sk, { key }]) => `${sk}.${key} AS ${sk}__key, ${sk}.valid_from AS ${sk}__from`,
    );
    const joins = lookups.map(
      ([sk, { dimension }]) => `LEFT JOIN ${dimension} ${sk} ON ${sk}.${dimension}_sk = f.${sk}`,
    );
    const facts = await rowsOf(
      warehouse,
      `SELECT f.*, ${pointedAt.join(', ')} FROM ${table} f ${joins.join(' ')}`,
    );
    star[table] = sortedRows(
      facts.map((fact) => {
        const row = { ...fact };
        for (const [sk, { dimension }] of lookups) {
          const source = SAKILA_DIMENSIONS[dimension].source;
          // A negative key is the unknown member, which points at no version.
          row[sk] =
            Number(fact[sk]) < 0 ? fact[sk] : [fact[`${sk}__key`], named(source, fact[`${sk}__from`])];
          delete row[`${sk}__key`];
          delete row[`${sk}__from`];
        }
        return row;
      }),
    );
  }
  return star;
};
