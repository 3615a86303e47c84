import { describe, expect, it } from 'vitest';
import { joinUrl, withoutParam, withParams } from './rest-url.ts';

describe('Function: joinUrl()', () => {
  it("appends the path to the base's own path, whatever its trailing slash, keeping both queries", () => {
    expect(joinUrl('https://api.test/v3/', '/assets').href).toBe('https://api.test/v3/assets');
    expect(joinUrl('https://api.test/v3', '/assets').href).toBe('https://api.test/v3/assets');
    expect(joinUrl('https://api.test/v3?format=json', '/assets?sort=rank').href).toBe(
      'https://api.test/v3/assets?format=json&sort=rank',
    );
  });
});

describe('Function: withParams()', () => {
  it('sets parameters, replacing old values and keeping the others in order', () => {
    expect(withParams('https://api.test/a?x=1&page=1&y=2', { page: 2, z: true })).toBe(
      'https://api.test/a?x=1&page=2&y=2&z=true',
    );
  });
});

describe('Function: withoutParam()', () => {
  it('drops a parameter, and leaves a URL without it untouched', () => {
    expect(withoutParam('https://api.test/a?key=s&page=2', 'key')).toBe('https://api.test/a?page=2');
    expect(withoutParam('https://api.test/a?key=s', 'key')).toBe('https://api.test/a');
    expect(withoutParam('https://api.test/a?q=a%20b', 'key')).toBe('https://api.test/a?q=a%20b');
  });
});
