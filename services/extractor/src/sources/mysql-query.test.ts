import type { MysqlResource } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { cursorBounds, keysetPredicate, orderKeyOf, pageQuery, upperBoundAt } from './mysql-query.ts';

const fullResource = (overrides: Partial<MysqlResource> = {}): MysqlResource => ({
  table: 'order_lines',
  primaryKey: ['order_id', 'line_no'],
  capture: 'full',
  ...overrides,
});

const cursorResource = (overrides: Partial<MysqlResource> = {}): MysqlResource => ({
  table: 'payment',
  primaryKey: ['payment_id'],
  capture: 'cursor',
  cursor: 'last_update',
  lagSeconds: 2,
  ...overrides,
});

const UPPER = '2026-03-29 10:00:00.123456';

describe('Function: keysetPredicate()', () => {
  it('compares a single key column alone', () => {
    expect(keysetPredicate(['id'], [42])).toEqual({ sql: '`id` > ?', values: [42] });
  });

  it('compares a composite key as a row, with its first column as an index range in front', () => {
    expect(keysetPredicate(['order_id', 'line_no'], [7, 3])).toEqual({
      sql: '`order_id` >= ? AND (`order_id`, `line_no`) > (?, ?)',
      values: [7, 7, 3],
    });
  });

  it('throws when the position has not one value per column', () => {
    expect(() => keysetPredicate(['a', 'b'], [1])).toThrow(/1 values for 2 columns/);
  });
});

describe('Function: pageQuery()', () => {
  it('reads the first page of a full capture in key order, one row more than a page', () => {
    expect(pageQuery(fullResource(), { upper: UPPER, since: null, after: null }, 500)).toEqual({
      sql: 'SELECT * FROM `order_lines` ORDER BY `order_id`, `line_no` LIMIT ?',
      values: [501],
    });
  });

  it('reads a later page after the last key of the one before, never with OFFSET', () => {
    const query = pageQuery(
      fullResource({ columns: ['order_id', 'line_no', 'qty'] }),
      { upper: UPPER, since: null, after: [7, 3] },
      500,
    );
    expect(query).toEqual({
      sql:
        'SELECT `order_id`, `line_no`, `qty` FROM `order_lines` ' +
        'WHERE `order_id` >= ? AND (`order_id`, `line_no`) > (?, ?) ORDER BY `order_id`, `line_no` LIMIT ?',
      values: [7, 7, 3, 501],
    });
    expect(query.sql).not.toMatch(/OFFSET/i);
  });

  it('bounds a first cursor run above only, the upper bound excluded', () => {
    expect(pageQuery(cursorResource(), { upper: UPPER, since: null, after: null }, 100)).toEqual({
      sql:
        'SELECT * FROM `payment` WHERE `last_update` < CAST(? AS DATETIME(6)) ' +
        'ORDER BY `last_update`, `payment_id` LIMIT ?',
      values: [UPPER, 101],
    });
  });

  it('starts a later cursor run at the last upper bound minus the lag, and pages on (cursor, key)', () => {
    const since = '2026-03-28 10:00:00.000000';
    const after = ['2026-03-28 11:00:00.250000', 12];
    expect(pageQuery(cursorResource(), { upper: UPPER, since, after }, 100)).toEqual({
      sql:
        'SELECT * FROM `payment` WHERE `last_update` >= CAST(? AS DATETIME(6)) - INTERVAL ? SECOND ' +
        'AND `last_update` < CAST(? AS DATETIME(6)) ' +
        'AND `last_update` >= ? AND (`last_update`, `payment_id`) > (?, ?) ' +
        'ORDER BY `last_update`, `payment_id` LIMIT ?',
      values: [since, 2, UPPER, after[0], after[0], 12, 101],
    });
  });
});

describe('Function: cursorBounds()', () => {
  it('gives a full capture no time bound', () => {
    expect(cursorBounds(fullResource(), { upper: UPPER, since: '2026-01-01 00:00:00' })).toEqual([]);
  });

  it('uses no lag when the file gives none', () => {
    const [lower] = cursorBounds(cursorResource({ lagSeconds: undefined }), { upper: UPPER, since: UPPER });
    expect(lower?.values).toEqual([UPPER, 0]);
  });
});

describe('Function: orderKeyOf()', () => {
  it('puts the cursor before the key in a cursor capture, the key alone otherwise', () => {
    expect(orderKeyOf(cursorResource({ primaryKey: ['a', 'b'] }))).toEqual(['last_update', 'a', 'b']);
    expect(orderKeyOf(fullResource())).toEqual(['order_id', 'line_no']);
  });
});

describe('Function: upperBoundAt()', () => {
  it("cuts NOW(6) to the cursor column's fractional digits, as text", () => {
    expect(upperBoundAt(UPPER, 6)).toBe(UPPER);
    expect(upperBoundAt(UPPER, 3)).toBe('2026-03-29 10:00:00.123');
    expect(upperBoundAt(UPPER, 0)).toBe('2026-03-29 10:00:00');
  });
});
