import { describe, expect, it } from 'vitest';
import { parsePageBody } from './rest-body.ts';

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
