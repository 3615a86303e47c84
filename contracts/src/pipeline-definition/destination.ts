import * as z from 'zod';
import {
  checkHistoryBlocks,
  checkHistoryColumns,
  type FactDeclaration,
  FactDeclarationSchema,
  type Scd2Declaration,
  Scd2DeclarationSchema,
} from './destination-history.ts';
import { SqlNameSchema } from './identifiers.ts';
import { SqlTypeSchema, sqlBaseType } from './sql-type.ts';

/** `varchar(255)` (NOT NULL), or `{ type: int, nullable: true }`. */
export const DestinationColumnSchema = z.union([
  SqlTypeSchema.transform((type) => ({ type, nullable: false })),
  z.strictObject({ type: SqlTypeSchema, nullable: z.boolean().default(false) }),
]);
export type DestinationColumn = z.infer<typeof DestinationColumnSchema>;

/**
 * - `upsert`: insert, or update the row with the same key (`primaryKey` or `uniqueKey`);
 * - `append`: insert only (a redelivered page is still loaded once: the load ledger sees to that);
 * - `replace`: for child tables, each parent's rows are deleted and inserted anew, so that a link removed
 *   at the source disappears from the warehouse too;
 * - `scd2`: a type 2 dimension, versions dated as its `scd2` block says;
 * - `fact`: facts upserted by id, each pointing at the dimension versions valid at its event time.
 */
export const WRITE_MODES = ['upsert', 'append', 'replace', 'scd2', 'fact'] as const;

/** Modes the history library writes: their tables have keys and columns of its own. */
export const HISTORY_WRITE_MODES: readonly string[] = ['scd2', 'fact'];

const ColumnListSchema = z.array(SqlNameSchema).min(1);

const ColumnsSchema = z
  .record(SqlNameSchema, DestinationColumnSchema)
  .refine((columns) => Object.keys(columns).length > 0, 'a table needs at least one column');

/** Everything a table declares besides its columns. */
const TABLE_KEYS = {
  primaryKey: ColumnListSchema.optional(),
  uniqueKey: ColumnListSchema.optional(),
  /** Secondary indexes, by name: `characters_location_id_idx: [location_id]`. */
  indexes: z.record(SqlNameSchema, ColumnListSchema).optional(),
  writeMode: z.enum(WRITE_MODES).default('upsert'),
  scd2: Scd2DeclarationSchema.optional(),
  fact: FactDeclarationSchema.optional(),
};

type Issue = { path: PropertyKey[]; message: string };
type AddIssue = (issue: Issue) => void;
type TableParts = {
  columns?: Record<string, DestinationColumn> | undefined;
  primaryKey?: string[] | undefined;
  uniqueKey?: string[] | undefined;
  indexes?: Record<string, string[]> | undefined;
  writeMode: (typeof WRITE_MODES)[number];
  scd2?: Scd2Declaration | undefined;
  fact?: FactDeclaration | undefined;
};

const keyedColumns = (table: TableParts) =>
  [
    ['primaryKey', table.primaryKey],
    ['uniqueKey', table.uniqueKey],
    ...Object.entries(table.indexes ?? {}).map(([name, columns]) => [`indexes.${name}`, columns] as const),
  ] as const;

/** Every column a key or index names is one of the table's, non-null where a primary key needs it. */
const checkKeyColumns = (
  table: TableParts & { columns: Record<string, DestinationColumn> },
  addIssue: AddIssue,
  where: string,
) => {
  for (const [key, columns] of keyedColumns(table)) {
    for (const [index, name] of (columns ?? []).entries()) {
      const column = table.columns[name];
      const path = [...key.split('.'), index];
      if (!column) {
        addIssue({ path, message: `'${name}' is not a column of ${where}` });
      } else if (['json', 'text'].includes(sqlBaseType(column.type))) {
        // MySQL cannot index a TEXT or JSON column whole (it needs a prefix length, which we do not model).
        addIssue({ path, message: `'${name}' is ${column.type} and cannot be in a key` });
      } else if (key === 'primaryKey' && column.nullable) {
        addIssue({ path, message: `primary key column '${name}' cannot be nullable` });
      }
    }
  }
};

/**
 * The checks of a table that need its columns, for one whose columns are derived from its transform (a
 * table that lists them has had them where it is parsed). `where` names the table in messages.
 */
export const checkTableColumns = (table: DestinationTable, addIssue: AddIssue, where: string): void => {
  checkHistoryColumns(table, addIssue, where);
  checkKeyColumns(table, addIssue, where);
};

/** A table's own rules: history blocks, keys on its columns when it lists them, a key to upsert on. */
const checkTable = (table: TableParts, addIssue: AddIssue): void => {
  checkHistoryBlocks(table, addIssue);
  const { columns } = table;
  if (columns) checkHistoryColumns({ ...table, columns }, addIssue);
  if (HISTORY_WRITE_MODES.includes(table.writeMode)) {
    for (const key of ['primaryKey', 'uniqueKey', 'indexes'] as const) {
      if (table[key]) {
        const message = `a ${table.writeMode} table gets its keys from its ${table.writeMode} block; drop ${key}`;
        addIssue({ path: [key], message });
      }
    }
  }
  if (columns) checkKeyColumns({ ...table, columns }, addIssue, 'this table');
  if (table.writeMode === 'upsert' && !table.primaryKey && !table.uniqueKey) {
    addIssue({
      path: ['writeMode'],
      message: 'upsert needs a primaryKey or uniqueKey to find the existing row (or use writeMode: append)',
    });
  }
};

/** A table with every column listed: what the rest of Sluice reads, once a pipeline is parsed. */
export const DestinationTableSchema = z
  .strictObject({ columns: ColumnsSchema, ...TABLE_KEYS })
  .superRefine((table, ctx) => checkTable(table, (issue) => ctx.addIssue({ code: 'custom', ...issue })));
export type DestinationTable = z.infer<typeof DestinationTableSchema>;

/**
 * A table as a pipeline file declares it: `columns` may be left out, and are then derived from the
 * transform that fills the table (destination-columns.ts).
 */
export const DeclaredTableSchema = z
  .strictObject({
    columns: ColumnsSchema.optional(),
    ...TABLE_KEYS,
  })
  .superRefine((table, ctx) => checkTable(table, (issue) => ctx.addIssue({ code: 'custom', ...issue })));
export type DeclaredTable = z.infer<typeof DeclaredTableSchema>;

/** The warehouse tables a pipeline writes, by name. */
export const DestinationSchema = z
  .record(SqlNameSchema, DeclaredTableSchema)
  .refine((tables) => Object.keys(tables).length > 0, 'a destination needs at least one table');
