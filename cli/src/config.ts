import { fileURLToPath } from 'node:url';
import { PlatformEnvSchema, readEnv } from '@sluice/runtime';
import { DatabaseUrlSchema, DEFAULT_DATABASE_URL } from '@sluice/warehouse';
import * as z from 'zod';
import { DEFAULT_OUTAGE_LIMIT_SECONDS } from './ride-out-outages.ts';

export const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:4566';

/** The repository root: where `.sluice/` (local state and logs) and `localstack/` live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const CliEnvSchema = PlatformEnvSchema.extend({
  /** `local` (LocalStack or moto on AWS_ENDPOINT_URL) or `aws` (the SDK's own endpoints and credentials). */
  SLUICE_TARGET: z.enum(['local', 'aws']).default('local'),
  DATABASE_URL: DatabaseUrlSchema.default(DEFAULT_DATABASE_URL),
  // Local pollers: short polls, so that stopping them (at the end of every `npm start`) takes a moment.
  SQS_WAIT_TIME_SECONDS: z.coerce.number().int().min(0).max(20).default(2),
  /** How long `run --wait`, `start` and `status` ride out a warehouse or queue outage before failing. */
  SLUICE_OUTAGE_LIMIT_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(DEFAULT_OUTAGE_LIMIT_SECONDS),
});
export type CliEnv = z.infer<typeof CliEnvSchema>;

/** Reads the CLI's environment; locally, the AWS endpoint defaults to the emulator `stack up` starts. */
export const readCliEnv = (source: Record<string, string | undefined> = process.env): CliEnv => {
  const env = readEnv(CliEnvSchema, source);
  if (env.SLUICE_TARGET === 'local' && !env.AWS_ENDPOINT_URL)
    return { ...env, AWS_ENDPOINT_URL: DEFAULT_LOCAL_ENDPOINT };
  return env;
};

/** What the service processes are given: the CLI's view of the platform, passed on explicitly. */
export const serviceEnvOf = (env: CliEnv, overrides: Record<string, string> = {}): Record<string, string> => {
  const values: Record<string, string | undefined> = {
    AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL,
    AWS_REGION: env.AWS_REGION,
    SLUICE_PREFIX: env.SLUICE_PREFIX,
    SLUICE_BUCKET: env.SLUICE_BUCKET,
    LOG_LEVEL: env.LOG_LEVEL,
    SQS_WAIT_TIME_SECONDS: String(env.SQS_WAIT_TIME_SECONDS),
    DATABASE_URL: env.DATABASE_URL,
    SLUICE_PIPELINES_DIR: env.SLUICE_PIPELINES_DIR,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
};
