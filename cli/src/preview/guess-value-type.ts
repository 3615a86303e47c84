import type { ValueType } from '@sluice/contracts/pipeline-definition';
import * as z from 'zod';

/** What a field's values look like: the mapping's type, the destination column's, and why, if unsure. */
export interface ValueGuess {
  type: ValueType;
  sqlType: string;
  /** Empty strings among values of another type: a nullable mapping stores them as NULL. */
  blankAsNull: boolean;
  note: string | null;
}

// Numbers as APIs write them in text (CoinCap's "12345.678"); a leading zero ("00123", a code) stays text.
const NUMERIC_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
// What the transformer's `date` and `datetime` read without a format (services/transformer moment.ts).
const ISO_DATE = z.iso.date();
const ISO_DATETIME = z.iso.datetime({ offset: true, local: true });
// What a database source hands over for DATETIME and TIMESTAMP, which the transformer's datetime takes too.
const SQL_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.(\d{1,6}))?$/;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
// A page is a sample: a column twice as wide as its longest value, rounded up to one of these, leaves
// room for the pages not seen (a longer value is rejected, not cut). Past 16,383 characters: text.
const VARCHAR_LENGTHS = [16, 32, 64, 128, 255, 512, 1024, 2048, 4096, 8192, 16_383];
// Integer digits beyond the widest seen, for the same reason.
const INTEGER_HEADROOM = 6;
const MIN_SCALE = 2;

/** A number, or numeric text, as plain decimal text; null for anything else (1e21 and up included). */
const numberText = (value: unknown): string | null => {
  if (typeof value === 'string') return NUMERIC_TEXT.test(value) ? value : null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const text = String(value);
  if (!text.includes('e')) return text;
  const fixed = value.toFixed(20);
  return fixed.includes('e') ? null : fixed.replace(/\.?0+$/, '');
};

const guessNumbers = (texts: readonly string[]): Pick<ValueGuess, 'type' | 'sqlType'> => {
  const digits = texts.map((text) => {
    const [whole = '', fraction = ''] = text.replace(/^-/, '').split('.');
    return { integer: Math.max(1, whole.replace(/^0+/, '').length), scale: fraction.length };
  });
  const integer = Math.max(...digits.map((digit) => digit.integer));
  const scale = Math.min(30, Math.max(...digits.map((digit) => digit.scale)));
  const numbers = texts.map(Number);
  if (scale === 0 && numbers.every(Number.isSafeInteger)) {
    const fitsInt = numbers.every((number) => number >= INT_MIN && number <= INT_MAX);
    return { type: 'int', sqlType: fitsInt ? 'int' : 'bigint' };
  }
  // A JSON number or a cleaned price loses its trailing zeros (12.50 is 12.5): two places at least, as money.
  const places = Math.max(MIN_SCALE, scale);
  const precision = Math.min(65, integer + INTEGER_HEADROOM + places);
  return { type: 'decimal', sqlType: `decimal(${precision},${places})` };
};

/** varchar(n) for the longest text, with room; text past what a varchar holds. */
export const varcharFor = (texts: readonly string[]): string => {
  // MySQL counts characters (code points), not UTF-16 units.
  const longest = Math.max(0, ...texts.map((text) => [...text].length));
  const length = VARCHAR_LENGTHS.find((step) => step >= longest * 2);
  return length === undefined ? 'text' : `varchar(${length})`;
};

const guessTexts = (texts: readonly string[]): Pick<ValueGuess, 'type' | 'sqlType'> => {
  const filled = texts.filter((text) => text !== '');
  if (filled.length > 0 && filled.every((text) => ISO_DATE.safeParse(text).success)) {
    return { type: 'date', sqlType: 'date' };
  }
  const moment = (text: string) =>
    ISO_DATETIME.safeParse(text).success || ISO_DATE.safeParse(text).success || SQL_DATETIME.test(text);
  if (filled.length > 0 && filled.every(moment)) {
    // A database's text keeps microseconds, and so does the transformer; ISO text is read to milliseconds.
    const micro = filled.some((text) => (SQL_DATETIME.exec(text)?.[1]?.length ?? 0) > 3);
    const fraction = filled.some((text) => /\d{2}:\d{2}:\d{2}\./.test(text));
    return { type: 'datetime', sqlType: micro ? 'datetime(6)' : fraction ? 'datetime(3)' : 'datetime' };
  }
  return { type: 'string', sqlType: varcharFor(texts) };
};

const kindOf = (value: unknown): string =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;

/**
 * The types of a field from its values on a page (present and not null): booleans, integers (int, or
 * bigint past int's range), decimals with the precision and scale seen, ISO dates and datetimes, text
 * with a varchar length from the longest value, and JSON for objects, arrays and values of mixed kinds.
 * Numbers written as text count as numbers (the transformer reads them so); empty text among values of
 * another type is left to `nullable`.
 */
export const guessValueType = (values: readonly unknown[]): ValueGuess => {
  const blank = values.some((value) => value === '');
  const filled = values.filter((value) => value !== '');
  const guess = (found: Pick<ValueGuess, 'type' | 'sqlType'>, note: string | null = null): ValueGuess => ({
    ...found,
    blankAsNull: blank && found.type !== 'string',
    note,
  });
  if (values.length === 0) {
    return guess({ type: 'string', sqlType: 'varchar(255)' }, 'no value on this page: the type is a guess');
  }
  if (filled.length === 0)
    return guess({ type: 'string', sqlType: 'varchar(16)' }, 'only empty text on this page');
  if (filled.every((value) => typeof value === 'boolean'))
    return guess({ type: 'boolean', sqlType: 'boolean' });
  const numbers = filled.map(numberText);
  if (numbers.every((text) => text !== null) && filled.some((value) => typeof value === 'number')) {
    return guess(guessNumbers(numbers as string[]));
  }
  if (filled.every((value) => typeof value === 'string')) {
    if (numbers.every((text) => text !== null)) return guess(guessNumbers(numbers as string[]));
    return guess(guessTexts(values as string[]));
  }
  if (filled.every((value) => typeof value === 'object')) return guess({ type: 'json', sqlType: 'json' });
  const kinds = [...new Set(filled.map(kindOf))].join(', ');
  return guess({ type: 'json', sqlType: 'json' }, `values of mixed kinds (${kinds}): kept as JSON`);
};
