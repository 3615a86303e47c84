import { ContractError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readEnv } from './env.ts';
import { ConfigError, describeError, isRetryable, SluiceError, StagedObjectMissingError } from './errors.ts';
import { backoffSeconds } from './failure-policy.ts';

describe('Function: isRetryable()', () => {
  it('retries what may pass next time and dead-letters what cannot', () => {
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
    expect(isRetryable(new SluiceError('throttled'))).toBe(true);
    expect(isRetryable(new ContractError('bad message'))).toBe(false);
    expect(isRetryable(new StagedObjectMissingError('bucket', 'raw/x.json'))).toBe(false);
    expect(isRetryable(new SluiceError('404', { retryable: false }))).toBe(false);
  });
});

describe('Function: describeError()', () => {
  it('names the error and each of its causes, cutting very long messages', () => {
    const cause = new Error(`Failed query: insert ${'(?, ?), '.repeat(500)}`);
    const text = describeError(new SluiceError('load failed', { cause }));
    expect(text).toMatch(/^SluiceError: load failed <- caused by Error: Failed query/);
    expect(text.length).toBeLessThan(1_300);
  });
});

describe('Function: readEnv()', () => {
  const schema = z.object({
    DATABASE_URL: z.string().startsWith('mysql://'),
    PORT: z.coerce.number().default(80),
  });

  it('applies defaults and coerces', () => {
    expect(readEnv(schema, { DATABASE_URL: 'mysql://x', PORT: '8080' })).toEqual({
      DATABASE_URL: 'mysql://x',
      PORT: 8080,
    });
  });

  it('names a missing variable, treating an empty one as missing', () => {
    expect(() => readEnv(schema, { DATABASE_URL: '' })).toThrow(
      'Environment variable DATABASE_URL is required',
    );
    expect(() => readEnv(schema, {})).toThrow(ConfigError);
  });

  it('names a malformed variable and says what was expected', () => {
    expect(() => readEnv(schema, { DATABASE_URL: 'postgres://x' })).toThrow(
      /Environment variable DATABASE_URL is invalid: .*mysql:\/\//,
    );
  });
});

describe('Function: backoffSeconds()', () => {
  it('doubles from 5 s and stops at 5 minutes', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(attempt))).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(20)).toBe(300);
  });

  it('doubles from the base it is given', () => {
    expect([1, 2, 3].map((attempt) => backoffSeconds(attempt, 1))).toEqual([1, 2, 4]);
    expect([1, 2].map((attempt) => backoffSeconds(attempt, 0))).toEqual([0, 0]);
  });
});
