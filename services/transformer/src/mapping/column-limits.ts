import { sqlBaseType } from '@sluice/contracts/pipeline-definition';
import { decimalDigits } from './decimal-text.ts';
import type { SqlValue } from './page-rows.ts';

/** Why a converted value is beyond its column, or null when the column holds it. */
export type Limit = (value: SqlValue) => string | null;

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
// MySQL's TEXT holds 65,535 bytes, whatever the characters.
const TEXT_BYTES = 65_535;

const varchar =
  (length: number): Limit =>
  (value) => {
    // A string never has more code points than UTF-16 units: most fit without being counted.
    if (typeof value !== 'string' || value.length <= length) return null;
    // MySQL counts characters (code points in utf8mb4), not UTF-16 units: an emoji is one.
    const characters = [...value].length;
    return characters > length ? `${characters} characters, more than varchar(${length}) holds` : null;
  };

const text: Limit = (value) => {
  const bytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
  return bytes > TEXT_BYTES ? `${bytes} bytes, more than text holds (${TEXT_BYTES})` : null;
};

const int: Limit = (value) =>
  typeof value === 'number' && (value < INT_MIN || value > INT_MAX)
    ? `${value} is outside int (${INT_MIN}..${INT_MAX}); declare the column bigint (in destination, or sql: bigint on its transform column)`
    : null;

// Values reach here as JS numbers, which hold integers exactly only up to 2^53 (conversion refused the rest).
const bigint: Limit = (value) =>
  typeof value === 'number' && !Number.isSafeInteger(value)
    ? `${value} is not an integer a bigint takes`
    : null;

// Strict mode refuses a value with too many integer digits; extra decimals it would round, and silently
// rounding a price is a wrong value, so those are refused here too.
const decimal =
  (precision: number, scale: number): Limit =>
  (value) => {
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    const digits = decimalDigits(String(value));
    const type = `decimal(${precision},${scale})`;
    if (digits.integer > precision - scale) {
      return `${value} has ${digits.integer} digits before the point; ${type} holds ${precision - scale}`;
    }
    return digits.scale > scale ? `${value} has ${digits.scale} decimals; ${type} keeps ${scale}` : null;
  };

/**
 * The limits of a destination column (`varchar(255)`, `int`, `decimal(38,8)`, `text`), checked on the
 * converted value: a value MySQL strict mode would refuse is the record's fault, so it rejects that record
 * here instead of failing the whole page's insert in the loader. Null for a type without limits.
 */
export const columnLimit = (sqlType: string): Limit | null => {
  const [first = 0, second = 0] = (sqlType.match(/\d+/g) ?? []).map(Number);
  switch (sqlBaseType(sqlType)) {
    case 'varchar':
      return varchar(first);
    case 'text':
      return text;
    case 'int':
      return int;
    case 'bigint':
      return bigint;
    case 'decimal':
      return decimal(first, second);
    default:
      return null;
  }
};
