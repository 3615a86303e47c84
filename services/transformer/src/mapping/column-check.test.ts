import { unparsedValue } from '@sluice/contracts';
import type { ColumnMapping, DestinationColumn } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { columnCheck } from './column-check.ts';
import { Problem } from './problem.ts';

const mapping = (overrides: Partial<ColumnMapping> = {}): ColumnMapping => ({
  from: 'value',
  type: 'string',
  nullable: false,
  ...overrides,
});
const column = (type: string, nullable = false): DestinationColumn => ({ type, nullable });

/** The stored value, or the reason the record would be rejected. */
const apply = (check: ReturnType<typeof columnCheck>, value: unknown) => {
  const result = check(value);
  return result instanceof Problem ? { problem: result.message } : { value: result };
};

describe('Function: columnCheck()', () => {
  it('rejects a value a cleaning step could not read, naming the step and the value', () => {
    const schema = columnCheck(mapping({ type: 'decimal', nullable: true }), column('decimal(10,2)', true));
    expect(apply(schema, unparsedValue('to_number', 'call us'))).toEqual({
      problem: 'the cleaning step to_number could not read "call us"',
    });
  });

  describe('nullable', () => {
    it('stores NULL for null or an empty string when the column is nullable', () => {
      const schema = columnCheck(mapping({ type: 'id_from_url', nullable: true }), column('int', true));
      expect(apply(schema, null)).toEqual({ value: null });
      expect(apply(schema, '')).toEqual({ value: null });
      expect(apply(schema, 'https://x.test/location/3')).toEqual({ value: 3 });
    });

    it('rejects a missing field even when nullable: the record is not what the mapping describes', () => {
      const schema = columnCheck(mapping({ nullable: true }), column('varchar(8)', true));
      expect(apply(schema, undefined)).toEqual({ problem: 'missing from the record' });
    });

    it('rejects null without nullable, and keeps an empty string as the string it is', () => {
      const schema = columnCheck(mapping(), column('varchar(8)'));
      expect(apply(schema, null)).toEqual({ problem: 'required, got null; nullable: true would store NULL' });
      expect(apply(schema, undefined)).toEqual({ problem: 'missing from the record' });
      expect(apply(schema, '')).toEqual({ value: '' });
    });

    it('rejects an empty string without nullable where the type has no empty value', () => {
      const schema = columnCheck(mapping({ type: 'int' }), column('int'));
      expect(apply(schema, '')).toEqual({
        problem: 'expected an integer (a number or a string of digits), got ""',
      });
    });

    it('refuses NULL for a NOT NULL destination column, whatever the mapping says', () => {
      const schema = columnCheck(mapping({ nullable: true }), column('varchar(8)'));
      expect(apply(schema, null)).toEqual({ problem: 'got null, but the destination column is NOT NULL' });
    });
  });

  describe('pattern and oneOf', () => {
    it('tests pattern on the source value as text, before conversion', () => {
      const schema = columnCheck(
        mapping({ type: 'id_from_url', pattern: '/location/\\d+/?$' }),
        column('int'),
      );
      expect(apply(schema, 'https://x.test/location/3/')).toEqual({ value: 3 });
      expect(apply(schema, 'https://x.test/episode/3')).toEqual({
        problem: '"https://x.test/episode/3" does not match the pattern /location/\\d+/?$',
      });
      const digits = columnCheck(mapping({ type: 'int', pattern: '^\\d{3}$' }), column('int'));
      expect(apply(digits, 123)).toEqual({ value: 123 });
      expect(apply(digits, 12)).toMatchObject({ problem: '12 does not match the pattern ^\\d{3}$' });
    });

    it('checks oneOf against the source value as it came', () => {
      const schema = columnCheck(mapping({ oneOf: ['Alive', 'Dead', 'unknown'] }), column('varchar(32)'));
      expect(apply(schema, 'Dead')).toEqual({ value: 'Dead' });
      expect(apply(schema, 'Zombie')).toEqual({
        problem: 'expected one of Alive, Dead, unknown, got "Zombie"',
      });
      const numbers = columnCheck(mapping({ type: 'int', oneOf: [1, 2] }), column('int'));
      expect(apply(numbers, 2)).toEqual({ value: 2 });
      expect(apply(numbers, '2')).toEqual({ problem: 'expected one of 1, 2, got "2"' });
    });

    it('lets NULL through a nullable column before pattern and oneOf', () => {
      const schema = columnCheck(
        mapping({ nullable: true, oneOf: ['a'], pattern: '^a$' }),
        column('text', true),
      );
      expect(apply(schema, '')).toEqual({ value: null });
    });
  });

  describe('destination limits', () => {
    it('counts varchar length in characters, not bytes or UTF-16 units', () => {
      const schema = columnCheck(mapping(), column('varchar(4)'));
      expect(apply(schema, 'ζ😀ab')).toEqual({ value: 'ζ😀ab' });
      expect(apply(schema, 'abcde')).toEqual({ problem: '5 characters, more than varchar(4) holds' });
    });

    it('holds text to 65,535 bytes', () => {
      const schema = columnCheck(mapping(), column('text'));
      expect(apply(schema, 'a'.repeat(65_535))).toMatchObject({ value: expect.any(String) });
      expect(apply(schema, 'é'.repeat(32_768))).toEqual({
        problem: '65536 bytes, more than text holds (65535)',
      });
    });

    it('holds int to its 32-bit range and bigint to integers a number holds exactly', () => {
      const int = columnCheck(mapping({ type: 'int' }), column('int'));
      expect(apply(int, '2147483647')).toEqual({ value: 2_147_483_647 });
      expect(apply(int, -2_147_483_648)).toEqual({ value: -2_147_483_648 });
      expect(apply(int, 2_147_483_648)).toEqual({
        problem:
          '2147483648 is outside int (-2147483648..2147483647); declare the column bigint (in destination, or sql: bigint on its transform column)',
      });
      const bigint = columnCheck(mapping({ type: 'int' }), column('bigint'));
      expect(apply(bigint, '9007199254740991')).toEqual({ value: 9_007_199_254_740_991 });
      expect(apply(bigint, '9007199254740992')).toMatchObject({
        problem: expect.stringMatching(/^expected an integer/),
      });
    });

    it('holds a decimal to p-s integer digits and s decimals, refusing to round', () => {
      const schema = columnCheck(mapping({ type: 'decimal' }), column('decimal(6,2)'));
      expect(apply(schema, '9999.99')).toEqual({ value: '9999.99' });
      expect(apply(schema, '0001.5000')).toEqual({ value: '1.5000' });
      expect(apply(schema, '10000')).toEqual({
        problem: '10000 has 5 digits before the point; decimal(6,2) holds 4',
      });
      expect(apply(schema, '1.005')).toEqual({ problem: '1.005 has 3 decimals; decimal(6,2) keeps 2' });
      const ints = columnCheck(mapping({ type: 'int' }), column('decimal(3,1)'));
      expect(apply(ints, 99)).toEqual({ value: 99 });
      expect(apply(ints, -100)).toMatchObject({
        problem: '-100 has 3 digits before the point; decimal(3,1) holds 2',
      });
    });

    it('reports each failing step once, the first that fails', () => {
      const schema = columnCheck(mapping({ pattern: '^x' }), column('varchar(2)'));
      expect(apply(schema, 'yyy')).toEqual({ problem: '"yyy" does not match the pattern ^x' });
    });
  });
});
