import * as z from 'zod';
import { ResourceNameSchema } from '../names.ts';
import { TemplateSchema } from './template.ts';

/**
 * A MySQL table or column name as the source spells it: letters, digits, underscores, within MySQL's
 * 64-character limit. Nothing else is allowed, so a name can be put between backquotes in a query as it is.
 */
export const MysqlIdentifierSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a MySQL identifier: letters, digits and underscores');

const IdentifierListSchema = z
  .array(MysqlIdentifierSchema)
  .min(1)
  .refine((names) => new Set(names).size === names.length, 'a column is listed twice');

/**
 * - `full`: every row, every run, keyset page after keyset page; compared with the last complete run's
 *   snapshot by primary key, so rows gone since are passed on as deletes;
 * - `cursor`: only rows whose `cursor` column is at or after the last complete run's upper bound (minus
 *   `lagSeconds`) and before this run's: misses a change that does not touch the cursor column, and deletes;
 * - `snapshot_diff`: every row read and staged like `full`, but only what differs from the last complete
 *   run's snapshot goes on (inserts, updates by a comparison of the whole row, deletes), counted in the
 *   manifest: sees every change, whatever columns it touched, at the cost of reading the table.
 */
export const CAPTURE_MODES = ['full', 'cursor', 'snapshot_diff'] as const;

export const MysqlResourceSchema = z
  .strictObject({
    table: MysqlIdentifierSchema,
    /** The table's primary key (or any unique, non-null key): the order pages are read in. */
    primaryKey: IdentifierListSchema,
    /** The columns to take; omitted, all of them. */
    columns: IdentifierListSchema.optional(),
    capture: z.enum(CAPTURE_MODES).default('full'),
    /** A DATETIME or TIMESTAMP column every insert and update sets (`updated_at`). */
    cursor: MysqlIdentifierSchema.optional(),
    /**
     * How far before the last upper bound the next run starts again: covers transactions that set the
     * cursor column before the bound but committed after the run had read past it.
     */
    lagSeconds: z.int().nonnegative().max(86_400).optional(),
    /**
     * `key_scan`: a cursor capture also reads every primary key after its rows (keys only, keyset pages)
     * and compares them with the last complete run's, so rows deleted since are passed on as deletes.
     */
    deletes: z.enum(['key_scan']).optional(),
  })
  .superRefine((resource, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (resource.deletes !== undefined && resource.capture !== 'cursor') {
      issue(
        ['deletes'],
        `capture: ${resource.capture} sees deletes already; deletes: key_scan is for capture: cursor`,
      );
    }
    if (resource.capture === 'cursor' && resource.cursor === undefined) {
      issue(['cursor'], 'capture: cursor needs the cursor column (a DATETIME or TIMESTAMP every write sets)');
    }
    if (resource.capture !== 'cursor') {
      if (resource.cursor !== undefined) issue(['cursor'], 'a cursor applies to capture: cursor only');
      if (resource.lagSeconds !== undefined)
        issue(['lagSeconds'], 'lagSeconds applies to capture: cursor only');
    }
    // Pages are read after the last row's key (and cursor): those columns must be in every row read.
    const needed = [...resource.primaryKey, ...(resource.cursor ? [resource.cursor] : [])];
    for (const name of needed) {
      // A malformed name is reported where it is written; repeating it here would only be noise.
      if (!MysqlIdentifierSchema.safeParse(name).success) continue;
      if (resource.columns && !resource.columns.includes(name)) {
        issue(['columns'], `'${name}' must be among the columns: pages are read after its last value`);
      }
    }
    if (resource.cursor && resource.primaryKey.includes(resource.cursor)) {
      issue(['cursor'], `'${resource.cursor}' is in the primary key; a cursor is a column that changes`);
    }
  });
export type MysqlResource = z.infer<typeof MysqlResourceSchema>;

/** `+00:00`, `-05:30`, or an IANA zone (`Europe/Paris`; the server needs its time zone tables loaded). */
const isTimeZone = (zone: string): boolean => {
  if (/^[+-](?:0\d|1[0-4]):[0-5]\d$/.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};

/**
 * An operational MySQL (or MariaDB) database read table by table. `connection` is a `${VAR}` naming the
 * variable that holds `mysql://user:password@host:port/database`: never the URL itself (checked with the
 * other secrets in check-secrets.ts).
 */
export const MysqlSourceSchema = z.strictObject({
  type: z.literal('mysql'),
  connection: TemplateSchema,
  /** The zone the source's DATETIME values are in; the session's `time_zone`, so TIMESTAMPs read in it too. */
  timezone: z
    .string()
    .refine(isTimeZone, "a time zone: '+00:00', '-05:30' or an IANA name such as 'Europe/Paris'"),
  /** Rows per page (one staged object, one message). */
  pageSize: z.int().positive().max(100_000).default(1000),
  /**
   * Days a table's snapshots are kept under `snapshots/`; older days are deleted when a newer snapshot
   * is complete (never the one the next run compares with). Omitted, snapshots are kept.
   */
  retentionDays: z.int().positive().max(36_500).optional(),
  resources: z
    .record(ResourceNameSchema, MysqlResourceSchema)
    .refine((resources) => Object.keys(resources).length > 0, 'a source needs at least one resource')
    .superRefine((resources, ctx) => {
      // Snapshots are staged under the table's name, so two resources of one table would share them.
      const seen = new Map<string, string>();
      for (const [name, { table }] of Object.entries(resources)) {
        const other = seen.get(table);
        if (other) {
          const message = `table ${table} is already read by resource '${other}'; one resource per table`;
          ctx.addIssue({ code: 'custom', path: [name, 'table'], message });
        }
        seen.set(table, name);
      }
    }),
});
export type MysqlSource = z.infer<typeof MysqlSourceSchema>;
