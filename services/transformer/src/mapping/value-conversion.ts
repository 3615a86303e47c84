import type { ValueType } from '@sluice/contracts/pipeline-definition';
import { toDecimalText } from './decimal-text.ts';
import { parseMoment, sqlDatetimeText, toSqlDate, toSqlDatetime } from './moment.ts';
import type { SqlValue } from './page-rows.ts';
import { type Checked, Problem } from './problem.ts';
import { showValue } from './show-value.ts';

const INTEGER_TEXT = /^[+-]?\d+$/;
// The integer that ends a URL's path, an extension, query or fragment after it allowed: …/location/3,
// …/products/12.html, …/item/7/?ref=home.
const ID_AT_END = /\/(\d+)(?:\.[A-Za-z0-9]+)?\/?(?:[?#].*)?$/;
const BOOLEANS = new Map<unknown, boolean>([
  [true, true],
  [false, false],
  ['true', true],
  ['false', false],
  [1, true],
  [0, false],
  ['1', true],
  ['0', false],
]);

/** A value's conversion, or a Problem naming what was expected. */
export type ValueConversion = (value: unknown) => Checked<SqlValue>;

/** A conversion from one that gives undefined for a value it cannot convert. */
const converting =
  (expected: string, convert: (value: unknown) => SqlValue | undefined): ValueConversion =>
  (value) => {
    const converted = convert(value);
    return converted !== undefined ? converted : new Problem(`expected ${expected}, got ${showValue(value)}`);
  };

/** Beyond 2^53 a JS number no longer holds every integer, so such a value would load as another one. */
const toInteger = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
};

const toIdFromUrl = (value: unknown): number | undefined => {
  const id = typeof value === 'string' ? ID_AT_END.exec(value)?.[1] : undefined;
  return id === undefined ? undefined : toInteger(id);
};

const EPOCHS: Record<string, string> = { T: 'as epoch milliseconds', t: 'as epoch seconds' };
const described = (format: string | undefined, iso: string) =>
  format === undefined ? iso : (EPOCHS[format] ?? `like "${format}"`);

/**
 * Converts a source value that is present and not null into what its column stores, as
 * `transform.<resource>.columns.<column>.type` documents; anything else is a Problem naming what was expected.
 */
export const valueConversion = (type: ValueType, format?: string): ValueConversion => {
  switch (type) {
    case 'string':
      return converting('a string', (value) => (typeof value === 'string' ? value : undefined));
    case 'int':
      return converting('an integer (a number or a string of digits)', toInteger);
    case 'decimal':
      return converting('a decimal number (a number or a numeric string)', toDecimalText);
    case 'boolean':
      return converting('true or false (also "true"/"false", 1/0)', (value) => BOOLEANS.get(value));
    case 'id_from_url':
      return converting(
        'a URL whose path ends in an integer id (…/location/3, …/products/12.html)',
        toIdFromUrl,
      );
    case 'json':
      return converting('a JSON value', (value) => JSON.stringify(value));
    case 'date':
      return converting(`a date ${described(format, 'YYYY-MM-DD')}`, (value) => {
        const date = parseMoment(value, format, true);
        return date && toSqlDate(date);
      });
    case 'datetime':
      return converting(`a date and time ${described(format, 'in ISO 8601')}`, (value) => {
        const text = format === undefined ? sqlDatetimeText(value) : undefined;
        if (text !== undefined) return text;
        const date = parseMoment(value, format, false);
        return date && toSqlDatetime(date);
      });
  }
};
