/** A value as the loader binds it to a SQL parameter. */
export type SqlValue = string | number | boolean | null;

/** One warehouse row, keyed by the SQL column names the pipeline file gives. */
export type Row = Record<string, SqlValue>;

/** A record of the page that became no rows, with why: it goes to `rejected/…` as it came. */
export interface RejectedRecord {
  /** Its position in the page, from 0. */
  index: number;
  reason: string;
  record: unknown;
}

/** What one page of a resource's records becomes. */
export interface PageRows {
  /** Every table the resource writes is present, even when empty. */
  tables: Record<string, Row[]>;
  rejected: RejectedRecord[];
  /**
   * For each child table whose destination writeMode is 'replace': the child columns filled from
   * `$parent.…`, and the key tuple of EVERY valid parent record of the page (also parents with no
   * children), so the loader deletes those parents' old child rows before inserting the new ones.
   */
  replace: Record<string, { columns: string[]; keys: SqlValue[][] }>;
  /**
   * With `incremental.<resource>.cursor` declared: the greatest cursor value among the page's records
   * (valid or rejected, wherever the cursor field is present); null when none or when not incremental.
   */
  cursor: string | number | null;
}

/** A resource's transform, compiled once from the pipeline file and applied to each page. */
export interface ResourceTransformer {
  transformPage(records: unknown[]): PageRows;
}
