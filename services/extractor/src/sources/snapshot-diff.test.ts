import { DELETED_RECORD } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { diffRange, KeyOrderError, keyComparator, type SnapshotLine } from './snapshot-diff.ts';

const byId = keyComparator(['number']);
const row = (id: number | string, name: string): SnapshotLine => ({
  key: [id],
  line: JSON.stringify({ id, name }),
});

describe('Function: diffRange()', () => {
  it('tells inserts, updates and deletes apart by key and whole row, deletions marked after the rest', () => {
    // Prepare
    const base = [row(1, 'Ann'), row(2, 'Bob'), row(4, 'Dan'), row(6, 'Fay')];
    const current = [row(1, 'Ann'), row(2, 'Bobby'), row(3, 'Cy'), row(6, 'Fay'), row(7, 'Gus')];

    // Act
    const changes = diffRange(current, base, byId);

    // Assess
    expect(changes).toMatchObject({ inserted: 2, updated: 1, deleted: 1 });
    expect(changes.lines.map((line) => JSON.parse(line))).toEqual([
      { id: 2, name: 'Bobby' },
      { id: 3, name: 'Cy' },
      { id: 7, name: 'Gus' },
      { [DELETED_RECORD]: true, id: 4, name: 'Dan' },
    ]);
  });

  it('passes every row on in a full capture, with the deletions after them', () => {
    // Act
    const changes = diffRange([row(1, 'Ann'), row(3, 'Cy')], [row(1, 'Ann'), row(2, 'Bob')], byId, {
      keepUnchanged: true,
    });

    // Assess
    expect(changes).toMatchObject({ inserted: 1, updated: 0, deleted: 1 });
    expect(changes.lines).toHaveLength(3);
    expect(changes.lines[0]).toBe(row(1, 'Ann').line);
  });

  it('finds nothing in two equal ranges, and everything in a range against an empty base', () => {
    const rows = [row(1, 'Ann'), row(2, 'Bob')];
    expect(diffRange(rows, rows, byId)).toEqual({ lines: [], inserted: 0, updated: 0, deleted: 0 });
    expect(diffRange(rows, [], byId)).toMatchObject({ inserted: 2, updated: 0, deleted: 0 });
    expect(diffRange([], rows, byId)).toMatchObject({ inserted: 0, updated: 0, deleted: 2 });
  });

  it('orders BIGINT and DECIMAL keys that arrive as text by their value, composite keys column by column', () => {
    // Prepare: '10' sorts before '9' as text, after it as a number.
    const base = [row('9', 'a'), row('10', 'b')];
    const compare = keyComparator(['number', 'text']);

    // Assess
    expect(diffRange([row('9', 'a'), row('10', 'b')], base, byId)).toMatchObject({ inserted: 0, deleted: 0 });
    expect(compare([1, 'b'], [1, 'a'])).toBe(1);
    expect(compare([1, 'z'], [2, 'a'])).toBe(-1);
    expect(compare(['12345678901234567890'], ['12345678901234567891'])).toBe(-1);
    expect(compare(['1.50'], ['1.5'])).toBe(0);
  });

  it('refuses keys out of order (a text key in a collation that is not byte order) instead of guessing', () => {
    // Prepare: a case-insensitive collation puts 'b' before 'C'; byte order puts 'C' first.
    const byName = keyComparator(['text']);
    const current = [row('a', '1'), row('b', '2'), row('C', '3')];

    // Assess
    expect(() => diffRange(current, [], byName)).toThrow(KeyOrderError);
    expect(() => diffRange(current, [], byName)).toThrow(/key \["C"\] after \["b"\]/);
  });
});
