import { describe, expect, it } from 'vitest';
import { acceptedOriginsOf } from './console-address.ts';
import { createCsrfToken, refusalOf } from './csrf.ts';

describe('Function: refusalOf()', () => {
  const token = createCsrfToken();
  const expected = { token, origins: acceptedOriginsOf('127.0.0.1', 8642) };

  it('lets a form of the console’s own page through, from 127.0.0.1 or localhost', () => {
    // Act
    const fromAddress = refusalOf({ origin: 'http://127.0.0.1:8642', token }, expected);
    const fromName = refusalOf({ origin: 'http://localhost:8642', token }, expected);

    // Assess
    expect([fromAddress, fromName]).toEqual([null, null]);
  });

  it('refuses a request without an Origin header, or from another origin', () => {
    // Act
    const none = refusalOf({ origin: undefined, token }, expected);
    const other = refusalOf({ origin: 'http://evil.example', token }, expected);
    const otherPort = refusalOf({ origin: 'http://127.0.0.1:9999', token }, expected);

    // Assess
    expect(none).toBe('the request has no Origin header');
    expect(other).toBe('the request comes from another origin (http://evil.example)');
    expect(otherPort).toMatch(/another origin/);
  });

  it('refuses a form without the token, or with another one, even from the right origin', () => {
    // Act
    const missing = refusalOf({ origin: 'http://127.0.0.1:8642', token: undefined }, expected);
    const wrong = refusalOf({ origin: 'http://127.0.0.1:8642', token: createCsrfToken() }, expected);
    const short = refusalOf({ origin: 'http://127.0.0.1:8642', token: token.slice(1) }, expected);

    // Assess
    expect(missing).toBe('the form has no CSRF token');
    expect(wrong).toBe('the CSRF token is not the one this console issued');
    expect(short).toBe('the CSRF token is not the one this console issued');
  });
});

describe('Function: createCsrfToken()', () => {
  it('makes a new random token each time', () => {
    // Act
    const tokens = new Set(Array.from({ length: 20 }, createCsrfToken));

    // Assess
    expect(tokens.size).toBe(20);
    for (const token of tokens) expect(token).toMatch(/^[\w-]{43}$/);
  });
});
