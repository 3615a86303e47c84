import { addressOf, type ConnectionSettings } from '@sluice/runtime';
import { isDatabaseOutage } from '@sluice/warehouse';

/** How long an operator command waits for the warehouse or the queues to come back before it fails. */
export const DEFAULT_OUTAGE_LIMIT_SECONDS = 120;

export interface OutageOptions {
  /** Seconds of outage before giving up; SLUICE_OUTAGE_LIMIT_SECONDS sets it for the commands. */
  limitSeconds?: number;
  /** Told once when the outage starts and every 10 s after: one line for the operator. */
  onRetry?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** The operator's settings: with them, the lines name the address of what is down and its variable. */
  settings?: ConnectionSettings;
}

/** An outage outlasted the limit: the message says what was down, for how long, and what to check. */
export class OutageError extends Error {
  override name = 'OutageError';
  readonly waitedSeconds: number;
  readonly limitSeconds: number;
  constructor(what: string, waitedSeconds: number, limitSeconds: number, cause: unknown) {
    super(
      `${what} unreachable for ${waitedSeconds} s, past the limit of ${limitSeconds} s (SLUICE_OUTAGE_LIMIT_SECONDS); is it running? \`npx sluice stack up\` starts the local one`,
      { cause },
    );
    this.waitedSeconds = waitedSeconds;
    this.limitSeconds = limitSeconds;
  }
}

/**
 * Whether a failure means the warehouse or the queues could not be reached (down, restarting, the
 * network between), as opposed to an answer that refused the request. The AWS SDK marks the errors it
 * got an answer for with `$metadata.httpStatusCode`; a 5xx or a throttle passes by waiting too.
 */
export const isOutage = (error: unknown): boolean => {
  if (isDatabaseOutage(error)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
};

const REPEAT_EVERY_MS = 10_000;

/**
 * Runs `work`, and again while it fails with an outage of `what` (backing off from 0.5 s to 5 s), so an
 * operator's command rides out a database restart or an emulator blip instead of dying on the first
 * failed query. Any other failure, or an outage past the limit, is thrown.
 */
export const rideOutOutages = async <T>(
  what: string,
  work: () => Promise<T>,
  options: OutageOptions = {},
): Promise<T> => {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limitMs = (options.limitSeconds ?? DEFAULT_OUTAGE_LIMIT_SECONDS) * 1000;
  // `warehouse at 127.0.0.1:3306 (DATABASE_URL)`: the operator sees what to check, and where it was set.
  const down = options.settings ? `${what} at ${addressOf(what, options.settings)}` : what;
  let started: number | undefined;
  let toldAt = Number.NEGATIVE_INFINITY;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await work();
    } catch (error) {
      if (!isOutage(error)) throw error;
      started ??= now();
      const waited = now() - started;
      if (waited >= limitMs) {
        throw new OutageError(down, Math.round(waited / 1000), limitMs / 1000, error);
      }
      if (now() - toldAt >= REPEAT_EVERY_MS) {
        options.onRetry?.(`${down} unreachable, retrying (${Math.round(waited / 1000)} s)`);
        toldAt = now();
      }
      await sleep(delay);
    }
  }
};
