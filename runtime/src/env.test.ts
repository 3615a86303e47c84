import { describe, expect, it } from 'vitest';
import { PlatformEnvSchema, readEnv } from './env.ts';

describe('Schema: PlatformEnvSchema', () => {
  it('leaves the visibility timeout to the queue and retries five times from 5 s by default', () => {
    // Act
    const env = readEnv(PlatformEnvSchema, {});

    // Assess
    expect(env.SQS_VISIBILITY_TIMEOUT_SECONDS).toBeUndefined();
    expect(env.SLUICE_MAX_ATTEMPTS).toBe(5);
    expect(env.SLUICE_RETRY_BASE_SECONDS).toBe(5);
  });

  it('takes short timeouts and retries, as tests use them', () => {
    // Act
    const env = readEnv(PlatformEnvSchema, {
      SQS_VISIBILITY_TIMEOUT_SECONDS: '5',
      SLUICE_MAX_ATTEMPTS: '2',
      SLUICE_RETRY_BASE_SECONDS: '1',
    });

    // Assess
    expect(env).toMatchObject({
      SQS_VISIBILITY_TIMEOUT_SECONDS: 5,
      SLUICE_MAX_ATTEMPTS: 2,
      SLUICE_RETRY_BASE_SECONDS: 1,
    });
  });

  it('refuses more attempts than SQS receives a message before its own redrive', () => {
    expect(() => readEnv(PlatformEnvSchema, { SLUICE_MAX_ATTEMPTS: '6' })).toThrow(
      /Environment variable SLUICE_MAX_ATTEMPTS is invalid/,
    );
    expect(() => readEnv(PlatformEnvSchema, { SQS_VISIBILITY_TIMEOUT_SECONDS: '0' })).toThrow(
      /Environment variable SQS_VISIBILITY_TIMEOUT_SECONDS is invalid/,
    );
  });
});
