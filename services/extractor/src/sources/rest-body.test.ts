import { describe, expect, it } from 'vitest';
import { parsePageBody, valueAtPath } from './rest-body.ts';

describe('Function: parsePageBody()', () => {
  it('parses JSON, and calls a truncated body retryable, naming the URL', () => {
    expect(parsePageBody('{"a":[1]}', 'u')).toEqual({ a: [1] });
    expect(() => parsePageBody('{"info": {"count"', 'https://api.test/x')).toThrow(
      expect.objectContaining({
        name: 'SourceError',
        retryable: true,
        message: 'GET https://api.test/x returned a body that is not JSON (17 bytes)',
      }),
    );
  });
});

describe('Function: valueAtPath()', () => {
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
