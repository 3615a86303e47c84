import { describe, expect, it } from 'vitest';
import { readPath } from './read-path.ts';

describe('Function: readPath()', () => {
  it('follows dotted paths through objects and arrays', () => {
    const record = { origin: { url: 'https://x.test/location/3' }, data: [{ id: 7 }] };
    expect(readPath(record, 'origin.url')).toBe('https://x.test/location/3');
    expect(readPath(record, 'data.0.id')).toBe(7);
  });

  it('gives undefined where a step is missing or not an object, and keeps null as null', () => {
    const record = { origin: 'Earth', location: null, type: null };
    expect(readPath(record, 'origin.url')).toBeUndefined();
    expect(readPath(record, 'location.url')).toBeUndefined();
    expect(readPath(record, 'type')).toBeNull();
    expect(readPath(null, 'id')).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: 'text' }, 'a.length')).toBeUndefined();
  });
});
