import { type SQL, sql } from 'drizzle-orm';

// Letters, digits and underscores only, within MySQL's 64 characters: a declared name can then never
// close a backtick or reach the server as anything but a name, even before `sql.identifier` quotes it.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const assertIdentifier = (name: string, what: string): string => {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `${what} '${name}' must be letters, digits and underscores (at most 64, not a digit first)`,
    );
  }
  return name;
};

/** `alias`.`column`: the recompute joins a table to itself and to the change table. */
export const qualified = (alias: string, column: string): SQL =>
  sql`${sql.identifier(alias)}.${sql.identifier(column)}`;

export const columnList = (columns: readonly string[], alias?: string): SQL =>
  sql.join(
    columns.map((column) => (alias ? qualified(alias, column) : sql.identifier(column))),
    sql`, `,
  );

/** `a.k1 = b.k1 and a.k2 = b.k2` */
export const columnsMatch = (
  left: string,
  right: string,
  columns: readonly string[],
  rightColumns: readonly string[] = columns,
): SQL =>
  sql.join(
    columns.map(
      (column, index) => sql`${qualified(left, column)} = ${qualified(right, rightColumns[index] ?? '')}`,
    ),
    sql` and `,
  );
