import { describe, expect, it } from 'vitest';
import { valueAtPath } from './page-records.ts';

describe('Function: valueAtPath()', () => {
  it('follows dotted paths through objects and arrays', () => {
    const record = { origin: { url: 'https://x.test/location/3' }, data: [{ id: 7 }] };
    expect(valueAtPath(record, 'origin.url')).toBe('https://x.test/location/3');
    expect(valueAtPath(record, 'data.0.id')).toBe(7);
  });

  it('gives undefined where a step is missing or not an object, and keeps null as null', () => {
    const record = { origin: 'Earth', location: null, type: null };
    expect(valueAtPath(record, 'origin.url')).toBeUndefined();
    expect(valueAtPath(record, 'location.url')).toBeUndefined();
    expect(valueAtPath(record, 'type')).toBeNull();
    expect(valueAtPath(null, 'id')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(valueAtPath({}, 'constructor')).toBeUndefined();
    expect(valueAtPath({ a: 'text' }, 'a.length')).toBeUndefined();
  });
});

describe('Function: valueAtPath() on page bodies', () => {
  it('walks objects and array indexes, and finds nothing past a missing step or on a prototype', () => {
    const body = { info: { next: 'n' }, data: [{ id: 7 }], nothing: null };
    expect(valueAtPath(body, 'info.next')).toBe('n');
    expect(valueAtPath(body, 'data.0.id')).toBe(7);
    expect(valueAtPath(body, 'data.1.id')).toBeUndefined();
    expect(valueAtPath(body, 'nothing.next')).toBeUndefined();
    expect(valueAtPath(body, 'info.constructor')).toBeUndefined();
    expect(valueAtPath([1, 2], '1')).toBe(2);
  });
});
