import { describe, expect, it } from 'vitest';
import { parseDeclaredType } from '../tables/column-type.ts';
import { canonicalDatetime, canonicalValue, HistoryValueError } from './canonical-value.ts';
import { rowHash } from './row-hash.ts';

const as = (value: unknown, type: string) => canonicalValue(value, parseDeclaredType(type));

describe('Function: canonicalValue()', () => {
  it('spells one decimal amount one way, to the declared scale', () => {
    expect(as('10.5', 'decimal(12,2)')).toBe('10.50');
    expect(as(10.5, 'decimal(12,2)')).toBe('10.50');
    expect(as('010.500', 'decimal(12,2)')).toBe('10.50');
    expect(as('-0.00', 'decimal(12,2)')).toBe('0.00');
    expect(as('-12345678.9012', 'decimal(14,4)')).toBe('-12345678.9012');
  });

  it('refuses decimals the column would round or overflow', () => {
    expect(() => as('1.005', 'decimal(12,2)')).toThrow(HistoryValueError);
    expect(() => as('1234', 'decimal(5,2)')).toThrow(/does not fit/);
    expect(() => as('ten', 'decimal(5,2)')).toThrow(/not a decimal/);
  });

  it('spells datetimes with a space and the declared fractional digits', () => {
    expect(canonicalDatetime('2024-03-01T08:00:00')).toBe('2024-03-01 08:00:00.000000');
    expect(canonicalDatetime('2024-03-01 08:00:00.5', 3)).toBe('2024-03-01 08:00:00.500');
    expect(canonicalDatetime('2024-03-01 08:00:00.000001000')).toBe('2024-03-01 08:00:00.000001');
    expect(as('2024-03-01 08:00:00', 'datetime')).toBe('2024-03-01 08:00:00');
  });

  it('refuses Dates, zones and lost microseconds, which would depend on a time zone or be truncated', () => {
    expect(() => canonicalDatetime(new Date())).toThrow(HistoryValueError);
    expect(() => canonicalDatetime('2024-03-01T08:00:00Z')).toThrow(HistoryValueError);
    expect(() => canonicalDatetime('2024-03-01 08:00:00.0000001')).toThrow(/more than 6/);
  });

  it('spells integers and booleans as the server returns them, and keeps null apart', () => {
    expect(as(42, 'int')).toBe('42');
    expect(as('0042', 'bigint')).toBe('42');
    expect(as('9007199254740993', 'bigint')).toBe('9007199254740993');
    expect(as(true, 'boolean')).toBe('1');
    expect(as(0, 'boolean')).toBe('0');
    expect(as(null, 'varchar(8)')).toBeNull();
    expect(as(undefined, 'int')).toBeNull();
    expect(() => as(1.5, 'int')).toThrow(/not an integer/);
    expect(() => as(5, 'varchar(8)')).toThrow(/not a varchar/);
  });
});

describe('Function: rowHash()', () => {
  it('differs for null and the text null, and for values that would join into the same text', () => {
    expect(rowHash([null])).not.toBe(rowHash(['null']));
    expect(rowHash(['a,b', 'c'])).not.toBe(rowHash(['a', 'b,c']));
    expect(rowHash(['Paris', 'gold'])).toBe(rowHash(['Paris', 'gold']));
    expect(rowHash(['Paris'])).toMatch(/^[0-9a-f]{64}$/);
  });
});
