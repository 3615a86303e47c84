import { readUnparsed } from '@sluice/contracts';
import type { ColumnMapping, DestinationColumn } from '@sluice/contracts/pipeline-definition';
import * as z from 'zod';
import { columnLimit } from './column-limits.ts';
import type { SqlValue } from './page-rows.ts';
import { showValue } from './show-value.ts';
import { valueSchema } from './value-schema.ts';

/** The source value as `pattern` reads it: strings as they are, other values as JSON. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `oneOf` and `pattern`, both about the source value as it came, before any conversion. */
const sourceChecks = ({ oneOf, pattern }: ColumnMapping): z.ZodType<unknown, unknown> => {
  const allowed: z.ZodType<unknown, unknown> = oneOf
    ? z.literal(oneOf, {
        error: (issue) => `expected one of ${oneOf.join(', ')}, got ${showValue(issue.input)}`,
      })
    : z.unknown();
  if (pattern === undefined) return allowed;
  const regex = new RegExp(pattern);
  return allowed.refine((value) => regex.test(asText(value)), {
    error: (issue) => `${showValue(issue.input)} does not match the pattern ${pattern}`,
  });
};

/**
 * A missing field rejects the record, nullable or not (the contract's `nullable`: "a missing field does
 * not" become NULL): a record without the field is not the record the mapping describes. A null, or an
 * empty string when nullable, becomes NULL where both the mapping and the destination column allow it.
 * Everything else goes on to `oneOf`, `pattern` and conversion; so a non-nullable '' is the empty string
 * for a `string` (the Rick and Morty API's `type: ''`) and an issue for any other type.
 */
const presence = (nullable: boolean, column: DestinationColumn) =>
  z.unknown().transform((value, ctx) => {
    const isNull = value === null || (nullable && value === '');
    const problem = presenceProblem(value, isNull, nullable, column);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, input: value });
      return z.NEVER;
    }
    return isNull ? null : value;
  });

const presenceProblem = (value: unknown, isNull: boolean, nullable: boolean, column: DestinationColumn) => {
  if (value === undefined) return 'missing from the record';
  const unparsed = readUnparsed(value);
  if (unparsed) return `the cleaning step ${unparsed.step} could not read ${showValue(unparsed.value)}`;
  if (isNull && !nullable) return `required, got ${showValue(value)}; nullable: true would store NULL`;
  if (isNull && !column.nullable) return `got ${showValue(value)}, but the destination column is NOT NULL`;
  return null;
};

/**
 * One column's whole journey, from source value to warehouse value: present, allowed (`oneOf`, `pattern`),
 * converted to its type, and within the destination column's limits. Built once per pipeline.
 */
export const columnSchema = (
  mapping: ColumnMapping,
  column: DestinationColumn,
): z.ZodType<SqlValue, unknown> =>
  presence(mapping.nullable, column).pipe(
    sourceChecks(mapping)
      .pipe(valueSchema(mapping.type, mapping.format))
      .pipe(columnLimit(column.type))
      .nullable(),
  );
