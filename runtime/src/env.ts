import * as z from 'zod';
import { MAX_RECEIVE_COUNT } from './bootstrap.ts';
import { ConfigError } from './errors.ts';
import { DEFAULT_RETRY_BASE_SECONDS } from './failure-policy.ts';

/**
 * Reads and validates environment variables once, at start. A missing or malformed variable fails fast
 * with its name, e.g. "Environment variable DATABASE_URL is required".
 */
export const readEnv = <T extends z.ZodObject>(
  schema: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<T> => {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return source[name] === undefined || source[name] === ''
      ? `Environment variable ${name} is required`
      : `Environment variable ${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(problems.join('; '));
};

/** What every Sluice process needs to reach AWS (or LocalStack) and find its resources. */
export const PlatformEnvSchema = z.object({
  /** LocalStack or moto locally; unset in AWS, where the SDK finds the regional endpoints. */
  AWS_ENDPOINT_URL: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  /** Only its presence is read: without it, an emulator gets dummy credentials. */
  AWS_ACCESS_KEY_ID: z.string().optional(),
  /** Names this deployment's queues and bucket: `<prefix>-extract`, `<prefix>-staging`, … */
  SLUICE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes')
    .default('sluice'),
  /** Queue URLs given directly (in AWS); otherwise looked up by name from the prefix. */
  EXTRACT_QUEUE_URL: z.url().optional(),
  EXTRACT_DLQ_URL: z.url().optional(),
  TRANSFORM_QUEUE_URL: z.url().optional(),
  TRANSFORM_DLQ_URL: z.url().optional(),
  LOAD_QUEUE_URL: z.url().optional(),
  LOAD_DLQ_URL: z.url().optional(),
  /** Overrides the bucket name derived from the prefix. */
  SLUICE_BUCKET: z.string().optional(),
  /**
   * How long one ReceiveMessage waits for messages. Long polls are cheap in AWS; a stopping poller waits
   * for its poll to return, so local runs use a short one.
   */
  SQS_WAIT_TIME_SECONDS: z.coerce.number().int().min(0).max(20).default(20),
  /**
   * How long a received message stays invisible to other consumers; a poller extends it every third of it
   * while the message is being handled. Unset: the stage's queue setting. Short in tests, so that a
   * message whose process was killed comes back quickly.
   */
  SQS_VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(43_200).optional(),
  /**
   * Attempts before a message that keeps failing is dead-lettered with its error. Not above the queues'
   * maxReceiveCount: SQS would move the message first, without a reason.
   */
  SLUICE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(MAX_RECEIVE_COUNT).default(MAX_RECEIVE_COUNT),
  /** The delay before the first retry of a failed message; it doubles with each attempt (capped at 5 min). */
  SLUICE_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(300).default(DEFAULT_RETRY_BASE_SECONDS),
  /** Set by the CLI for the pollers it starts: stop when the CLI's pipe on stdin closes. */
  SLUICE_STOP_WITH_PARENT: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
  /** Where the pipeline files are; unset, beside the Lambda bundle or in the repository's `pipelines/`. */
  SLUICE_PIPELINES_DIR: z.string().optional(),
  /** Set by Lambda: the folder the function's code was unpacked to. */
  LAMBDA_TASK_ROOT: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * An OpenTelemetry collector's base URL (OTLP over HTTP): the stages' spans are exported to
   * `<url>/v1/traces`. Unset, no span is exported and the SDK is not even loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});
export type PlatformEnv = z.infer<typeof PlatformEnvSchema>;

/** How a stage retries and dead-letters, as the environment sets it: the same for pollers and Lambdas. */
export const failurePolicyFrom = (env: PlatformEnv) => ({
  maxAttempts: env.SLUICE_MAX_ATTEMPTS,
  retryBaseSeconds: env.SLUICE_RETRY_BASE_SECONDS,
});

/** A local poller's settings as the environment sets them (its failure policy included). */
export const pollingFrom = (env: PlatformEnv) => ({
  waitTimeSeconds: env.SQS_WAIT_TIME_SECONDS,
  visibilityTimeoutSeconds: env.SQS_VISIBILITY_TIMEOUT_SECONDS,
  ...failurePolicyFrom(env),
});
