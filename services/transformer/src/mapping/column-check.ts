import { readUnparsed } from '@sluice/contracts';
import type { ColumnMapping, DestinationColumn } from '@sluice/contracts/pipeline-definition';
import { columnLimit } from './column-limits.ts';
import type { SqlValue } from './page-rows.ts';
import { type Checked, Problem } from './problem.ts';
import { showValue } from './show-value.ts';
import { valueConversion } from './value-conversion.ts';

/** A source value's whole journey to its column: the value the column stores, or why it cannot. */
export type ColumnCheck = (value: unknown) => Checked<SqlValue>;

/** One instance for every missing field: the commonest problem needs no allocation of its own. */
const MISSING = new Problem('missing from the record');

/** The source value as `pattern` reads it: strings as they are, other values as JSON. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `oneOf` and `pattern`, both about the source value as it came, before any conversion; null when neither. */
const sourceCheck = ({ oneOf, pattern }: ColumnMapping): ((value: unknown) => Problem | null) | null => {
  const allowed = oneOf ? new Set<unknown>(oneOf) : null;
  const listed = oneOf?.join(', ');
  const regex = pattern === undefined ? null : new RegExp(pattern);
  if (!allowed && !regex) return null;
  return (value) => {
    // The first step that fails is the one reported: a value not in oneOf is not also tested against pattern.
    if (allowed && !allowed.has(value)) {
      return new Problem(`expected one of ${listed}, got ${showValue(value)}`);
    }
    if (regex && !regex.test(asText(value))) {
      return new Problem(`${showValue(value)} does not match the pattern ${pattern}`);
    }
    return null;
  };
};

/**
 * A missing field rejects the record, nullable or not (the contract's `nullable`: "a missing field does
 * not" become NULL): a record without the field is not the record the mapping describes. A null, or an
 * empty string when nullable, becomes NULL where both the mapping and the destination column allow it.
 * Everything else goes on to `oneOf`, `pattern` and conversion; so a non-nullable '' is the empty string
 * for a `string` (the Rick and Morty API's `type: ''`) and an issue for any other type.
 */
const presenceProblem = (value: unknown, isNull: boolean, nullable: boolean, column: DestinationColumn) => {
  const unparsed = readUnparsed(value);
  if (unparsed)
    return new Problem(`the cleaning step ${unparsed.step} could not read ${showValue(unparsed.value)}`);
  if (isNull && !nullable)
    return new Problem(`required, got ${showValue(value)}; nullable: true would store NULL`);
  if (isNull && !column.nullable) {
    return new Problem(`got ${showValue(value)}, but the destination column is NOT NULL`);
  }
  return null;
};

/**
 * One column's whole journey, from source value to warehouse value: present, allowed (`oneOf`, `pattern`),
 * converted to its type, and within the destination column's limits; the first step that fails is the
 * column's problem. Built once per pipeline, then a plain function call per value: no schema library in a
 * path taken for every value of every record.
 */
export const columnCheck = (mapping: ColumnMapping, column: DestinationColumn): ColumnCheck => {
  const { nullable } = mapping;
  const allowed = sourceCheck(mapping);
  const convert = valueConversion(mapping.type, mapping.format);
  const limit = columnLimit(column.type);
  return (value) => {
    if (value === undefined) return MISSING;
    const isNull = value === null || (nullable && value === '');
    // The cleaning steps' "could not read" marker is an object, and NULL is null (or '' where nullable):
    // any other value has nothing to check here.
    if (isNull || typeof value === 'object') {
      const problem = presenceProblem(value, isNull, nullable, column);
      if (problem) return problem;
      if (isNull) return null;
    }
    const refused = allowed?.(value);
    if (refused) return refused;
    const converted = convert(value);
    if (converted instanceof Problem) return converted;
    const beyond = limit?.(converted);
    return beyond ? new Problem(beyond) : converted;
  };
};
