import * as z from 'zod';

/** A table or column name: snake_case, and within MySQL's 64-character limit on identifiers. */
export const SqlNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,63}$/, 'a table or column name is snake_case: lower-case letters, digits, _');

const SEGMENT = '(?:[A-Za-z_][A-Za-z0-9_-]*|\\d+)';
const PATH = `${SEGMENT}(?:\\.${SEGMENT})*`;

/** A dot path into a response body or a record: `results`, `info.next`, `origin.url`, `data.0.id`. */
export const FieldPathSchema = z
  .string()
  .regex(new RegExp(`^${PATH}$`), "a dot path like 'info.next', 'results' or 'origin.url'");

/**
 * Where a column's value comes from: a path in the record, or inside `children`, `$item` (the array
 * element, or a path in it: `$item.id`) and `$parent.<path>` (the record the array belongs to).
 */
export const SourcePathSchema = z
  .string()
  .regex(
    new RegExp(`^(?:${PATH}|\\$item(?:\\.${PATH})?|\\$parent\\.${PATH})$`),
    "a dot path like 'origin.url', or in children '$item', '$item.<path>' or '$parent.<path>'",
  );

/** A query parameter name as APIs spell them: `page`, `page[size]`, `api-key`. */
export const ParamNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.\-[\]]+$/, 'a query parameter name: letters, digits and _ . - [ ]');

/** A record field an HTML source extracts, referred to by `from` in the transform. */
export const FieldNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, 'a field name is snake_case: lower-case letters, digits, _');
