/**
 * Base of the errors Sluice raises itself. `context` carries what an operator needs to find the failing
 * thing (run, resource, page, key, message id); the original error travels as `cause`.
 */
export class SluiceError extends Error {
  override name = 'SluiceError';
  readonly context: Record<string, unknown>;
  /** Whether trying the same message again can succeed. */
  readonly retryable: boolean;
  constructor(
    message: string,
    options: { context?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.context = options.context ?? {};
    this.retryable = options.retryable ?? true;
  }
}

/** A staged object named by a message is not in S3: retrying the message cannot bring it back. */
export class StagedObjectMissingError extends SluiceError {
  override name = 'StagedObjectMissingError';
  constructor(bucket: string, key: string, cause?: unknown) {
    super(`s3://${bucket}/${key} does not exist`, { context: { bucket, key }, cause, retryable: false });
  }
}

/** A required environment variable is missing or malformed. */
export class ConfigError extends SluiceError {
  override name = 'ConfigError';
  constructor(message: string) {
    super(message, { retryable: false });
  }
}

/**
 * The one place that decides whether a failed message is retried (left on its queue) or dead-lettered at
 * once. Errors that declare `retryable: false` (contract violations, missing objects) fail the same way
 * every time, so retrying them only delays the DLQ; anything else (network, throttling, a database
 * restart) is worth another try.
 */
export const isRetryable = (error: unknown): boolean =>
  !(typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === false);

const MAX_PART_LENGTH = 600;

/** One line that names the error, its message and its causes: what an operator reads in a DLQ. */
export const describeError = (error: unknown): string => {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    const text = current instanceof Error ? `${current.name}: ${current.message}` : String(current);
    // A failed multi-row query's message lists every placeholder and parameter: keep the start.
    parts.push(text.length > MAX_PART_LENGTH ? `${text.slice(0, MAX_PART_LENGTH)}…` : text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- caused by ');
};
