import { type DeclarableType, parseDeclaredType } from '../tables/column-type.ts';

/**
 * A value as the column will store it, spelled one way only, so a hash of it changes exactly when the
 * stored value would: `'10.5'` and `10.50` into DECIMAL(12,2) are the same amount, `'2024-01-01T10:00'`
 * and `'2024-01-01 10:00:00.000000'` the same instant. Values that the column would round or truncate are
 * refused rather than silently changed, so what is hashed is what is stored.
 */
export type CanonicalValue = string | null;

export class HistoryValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryValueError';
  }
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?$/;

const canonicalDecimal = (text: string, precision: number, scale: number): string => {
  const match = DECIMAL.exec(text.trim());
  const [, sign = '', whole = '', fraction = ''] = match ?? [];
  if (!match || (whole === '' && fraction === '')) throw new HistoryValueError(`'${text}' is not a decimal`);
  if (fraction.replace(/0+$/, '').length > scale) {
    throw new HistoryValueError(`'${text}' has more than ${scale} decimal places`);
  }
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  if (digits.length > precision - scale)
    throw new HistoryValueError(`'${text}' does not fit DECIMAL(${precision},${scale})`);
  const padded = fraction.padEnd(scale, '0').slice(0, scale);
  const isZero = /^0*$/.test(digits + padded);
  return `${sign === '-' && !isZero ? '-' : ''}${digits}${scale > 0 ? `.${padded}` : ''}`;
};

/** Strings only: a JS Date would be read in the process's time zone, which must not matter here. */
export const canonicalDatetime = (value: unknown, fsp = 6): string => {
  const match = typeof value === 'string' ? DATETIME.exec(value.trim()) : null;
  if (!match)
    throw new HistoryValueError(`${JSON.stringify(value)} is not a 'YYYY-MM-DD HH:MM:SS[.ffffff]' string`);
  const [, day, time, fraction = ''] = match;
  if (fraction.replace(/0+$/, '').length > fsp) {
    throw new HistoryValueError(`'${value}' has more than ${fsp} fractional digits`);
  }
  return fsp > 0 ? `${day} ${time}.${fraction.padEnd(fsp, '0').slice(0, fsp)}` : `${day} ${time}`;
};

const canonicalInteger = (value: unknown): string => {
  const text = typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
  if (typeof text !== 'string' || !/^[+-]?\d+$/.test(text.trim())) {
    throw new HistoryValueError(`${JSON.stringify(value)} is not an integer`);
  }
  return BigInt(text.trim()).toString();
};

const canonicalOf = (value: unknown, type: DeclarableType): string => {
  switch (type.base) {
    case 'decimal':
      if (typeof value !== 'string' && typeof value !== 'number') break;
      return canonicalDecimal(String(value), type.precision, type.scale);
    case 'datetime':
      return canonicalDatetime(value, type.fsp);
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) break;
      return value;
    case 'int':
    case 'bigint':
      return canonicalInteger(value);
    case 'boolean':
      if (value === true || value === 1 || value === '1') return '1';
      if (value === false || value === 0 || value === '0') return '0';
      break;
    default:
      if (typeof value === 'string') return value;
  }
  throw new HistoryValueError(`${JSON.stringify(value)} is not a ${type.base}`);
};

export const canonicalValue = (value: unknown, type: DeclarableType): CanonicalValue =>
  value === null || value === undefined ? null : canonicalOf(value, type);

/** A declared type's parse, once per column rather than once per value. */
export const parsedTypes = (columns: Record<string, string>): [string, DeclarableType][] =>
  Object.entries(columns).map(([name, type]) => [name, parseDeclaredType(type)]);

/** The named columns of `row`, canonical, with the column named in any error. */
export const canonicalColumns = (
  row: Record<string, unknown>,
  columns: [string, DeclarableType][],
  where: string,
): CanonicalValue[] =>
  columns.map(([name, type]) => {
    try {
      return canonicalValue(row[name], type);
    } catch (error) {
      throw new HistoryValueError(`${where}: ${name}: ${(error as Error).message}`);
    }
  });
