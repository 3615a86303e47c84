import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A token for this process's forms: random, new at every start, never stored. */
export const createCsrfToken = (): string => randomBytes(32).toString('base64url');

const sameToken = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Why a state-changing request is refused, or null when it may go ahead. Both checks must pass: the
 * Origin header names one of the console's own origins (a page of another site cannot forge it), and
 * the form carries this process's token (which another site cannot read).
 */
export const refusalOf = (
  request: { origin: string | undefined; token: string | undefined },
  expected: { token: string; origins: ReadonlySet<string> },
): string | null => {
  if (request.origin === undefined) return 'the request has no Origin header';
  if (!expected.origins.has(request.origin))
    return `the request comes from another origin (${request.origin})`;
  if (request.token === undefined || request.token === '') return 'the form has no CSRF token';
  if (!sameToken(request.token, expected.token)) return 'the CSRF token is not the one this console issued';
  return null;
};
