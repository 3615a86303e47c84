import { describe, expect, it } from 'vitest';
import { reasonsByResource } from './reasons-by-resource.ts';

const row = (resource: string, reason: string) => ({ resource, page: 1, index: 0, reason, record: {} });

describe('Function: reasonsByResource()', () => {
  it('counts each reason per resource, the commonest first, at most the number asked', () => {
    // Prepare
    const rows = [
      row('character', 'status: not Zombie'),
      row('character', 'name: required'),
      row('character', 'status: not Zombie'),
      row('character', 'id: not an integer'),
      row('character', 'image: not a URL'),
      row('episode', 'air_date: not a date'),
    ];

    // Act
    const reasons = reasonsByResource(rows, 3);

    // Assess
    expect(reasons).toEqual([
      { resource: 'character', reason: 'status: not Zombie', count: 2 },
      { resource: 'character', reason: 'id: not an integer', count: 1 },
      { resource: 'character', reason: 'image: not a URL', count: 1 },
      { resource: 'episode', reason: 'air_date: not a date', count: 1 },
    ]);
  });

  it('gives nothing for no rejected record', () => {
    expect(reasonsByResource([])).toEqual([]);
  });
});
