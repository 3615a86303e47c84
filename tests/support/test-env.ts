import { randomBytes } from 'node:crypto';

export const TEST_ENDPOINT = process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566';
/** The server the flows use; each flow makes its own database on it and drops it afterwards. */
export const TEST_DATABASE_SERVER = process.env.SLUICE_TEST_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306/';

/**
 * An environment of its own for one flow: queues, bucket and database named after a random suffix, so
 * flows never see each other's messages or rows, nor those of a developer's `npm start`.
 */
export const isolatedEnv = (label: string) => {
  const suffix = randomBytes(3).toString('hex');
  const server = new URL(TEST_DATABASE_SERVER);
  server.pathname = `/sluice_test_${label}_${suffix}`;
  return {
    AWS_ENDPOINT_URL: TEST_ENDPOINT,
    AWS_REGION: 'us-east-1',
    SLUICE_PREFIX: `t-${label}-${suffix}`,
    DATABASE_URL: server.toString(),
    LOG_LEVEL: 'info',
  };
};

/**
 * For flows whose pages fail on purpose: no retries inside a request, two attempts per message one second
 * apart, short receives, so a failing page reaches its DLQ within seconds instead of after five backoffs.
 */
export const FAIL_FAST_ENV = {
  SQS_WAIT_TIME_SECONDS: '1',
  HTTP_RETRIES: '0',
  SLUICE_MAX_ATTEMPTS: '2',
  SLUICE_RETRY_BASE_SECONDS: '1',
} as const;
