import * as z from 'zod';
import { PipelineNameSchema, ResourceNameSchema, RunIdSchema } from './names.ts';
import { isPlainObject } from './plain-object.ts';

/**
 * The rows the transformer writes to `processed/` and the loader writes to the warehouse: the contract
 * between the two. Rows are keyed by the SQL column names a pipeline file declares, and values travel
 * as MySQL reads them: decimals, dates (`YYYY-MM-DD`) and datetimes (`YYYY-MM-DD HH:MM:SS.mmm`, UTC) as
 * strings, JSON as its text.
 */
export const SqlValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type SqlValue = z.infer<typeof SqlValueSchema>;
export const RowSchema = z.record(z.string(), SqlValueSchema);
export type Row = z.infer<typeof RowSchema>;

const isSqlValue = (value: unknown): boolean =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

const describeKind = (value: unknown): string =>
  value === undefined ? 'undefined' : Array.isArray(value) ? 'an array' : typeof value;

// A processed object holds hundreds of thousands of values; a few wrong ones say enough.
const MAX_ROW_ISSUES = 10;

/**
 * A table's rows: the rule of an array of RowSchema, with the same paths in its errors, checked by one
 * loop over the values. zod's walk of each row as a record of a union took four times as long as
 * parsing the object's JSON, the largest part of the loader's CPU after the garbage collector
 * (bench/README.md).
 */
export const RowsSchema = z.custom<Row[]>().superRefine((rows, ctx) => {
  if (!Array.isArray(rows)) {
    ctx.addIssue({ code: 'custom', message: 'expected an array of rows' });
    return;
  }
  let issues = 0;
  const report = (message: string, path: (string | number)[]) => {
    ctx.addIssue({ code: 'custom', message, path });
    issues += 1;
  };
  for (let index = 0; index < rows.length && issues < MAX_ROW_ISSUES; index += 1) {
    const row: unknown = rows[index];
    if (!isPlainObject(row)) {
      report('expected a row: an object of column values', [index]);
      continue;
    }
    for (const column of Object.keys(row)) {
      if (!isSqlValue(row[column])) {
        report(`expected a string, number, boolean or null, got ${describeKind(row[column])}`, [
          index,
          column,
        ]);
        if (issues >= MAX_ROW_ISSUES) break;
      }
    }
  }
});

/**
 * A child table whose rows are replaced whole for each parent in the page, so that a link removed at the
 * source disappears from the warehouse too: the child's columns that hold the parent key, and the key
 * of every parent in the page (parents without children included).
 */
export const ReplaceScopeSchema = z.object({
  columns: z.array(z.string()).min(1),
  keys: z.array(z.array(SqlValueSchema)),
});
export type ReplaceScope = z.infer<typeof ReplaceScopeSchema>;

const pageHeader = {
  version: z.literal(1),
  runId: RunIdSchema,
  pipeline: PipelineNameSchema,
  resource: ResourceNameSchema,
  page: z.int().positive(),
};

export const ProcessedPageSchema = z.object({
  ...pageHeader,
  /** By table, in the order they are written: parents before their children. */
  tables: z.record(z.string(), RowsSchema),
  replace: z.record(z.string(), ReplaceScopeSchema),
  /**
   * By table, the rows the source deleted (compared with its previous snapshot), as the page's mapping
   * makes them: a dimension retires their keys, a fact or plain table deletes them. Absent in pages of
   * earlier versions and of sources that cannot see deletes.
   */
  deleted: z.record(z.string(), RowsSchema).optional(),
});
export type ProcessedPage = z.infer<typeof ProcessedPageSchema>;

/**
 * The pages of one run and resource the transformer handled together, in one object: a page costs the
 * emulator or S3 a fraction of a write and a read instead of one each. The loader reads both this and a
 * lone ProcessedPage (what earlier versions wrote).
 */
export const ProcessedPagesSchema = z.object({
  version: z.literal(1),
  pages: z.array(ProcessedPageSchema).min(1),
});
export type ProcessedPages = z.infer<typeof ProcessedPagesSchema>;

/**
 * A processed object's pages, whichever of the two shapes it has: `pages` says which, so that a page
 * that breaks the contract is told by its own issues (a union would say only "Invalid input").
 */
export const ProcessedObjectSchema = z.unknown().transform((value, ctx) => {
  const grouped = typeof value === 'object' && value !== null && 'pages' in value;
  const result = (grouped ? ProcessedPagesSchema : ProcessedPageSchema).safeParse(value);
  if (!result.success) {
    for (const { message, path } of result.error.issues) ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  }
  return 'pages' in result.data
    ? { grouped: true as const, pages: result.data.pages }
    : { grouped: false as const, pages: [result.data] };
});

/**
 * The raw pages of one run and resource the extractor fetched together, in one object (a page alone is
 * staged as its own bytes). Each body is the page's text exactly as staged alone, so its content hash
 * still holds.
 */
export const RawPagesSchema = z.object({
  version: z.literal(1),
  pages: z.array(z.object({ page: z.int().positive(), url: z.string(), body: z.string() })).min(1),
});
export type RawPages = z.infer<typeof RawPagesSchema>;

export const RejectedRecordSchema = z.object({
  index: z.int().nonnegative(),
  reason: z.string(),
  record: z.unknown(),
});
export const RejectedPageSchema = z.object({
  ...pageHeader,
  rawKey: z.string(),
  rejected: z.array(RejectedRecordSchema),
});
export type RejectedRecord = z.infer<typeof RejectedRecordSchema>;
export type RejectedPage = z.infer<typeof RejectedPageSchema>;

/** A moment as the DATETIME(3) string the warehouse stores, in UTC: `2017-11-04 18:48:46.250`. */
export const toSqlDatetime = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', '');
