import { type BatchHandler, type BatchResults, describeError, type Logger } from '@sluice/runtime';
import { isDatabaseOutage } from '@sluice/warehouse';

export interface DatabaseWaitOptions {
  /** Resolves when the database answers (a `select 1` on the pool); rejects while it cannot be reached. */
  ping: () => Promise<unknown>;
  log: Logger;
  /** The one line that says what is down, where and through which variable; describeError's otherwise. */
  describeOutage?: (error: unknown) => string;
  /**
   * Ping once at start, so that a database down before the first message is said at once (and the first
   * batch waits for it) rather than when a page meets it.
   */
  checkAtStart?: boolean;
  /** The pause before the first ping; doubled after each failed one, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_FIRST_DELAY_MS = 250;
// Short enough that loading resumes within seconds of the database's return, long enough that a waiting
// loader costs the database nothing.
const DEFAULT_MAX_DELAY_MS = 2_000;

/**
 * Makes a batch handler hold its messages through a database outage instead of failing them. When a
 * message fails because the database cannot be reached (see `isDatabaseOutage`), it stays in hand (the
 * poller's heartbeat keeps it invisible, so its receive count does not grow) while one ping loop, shared
 * by every batch of the process, waits for the database; then those messages are handled again. Batches
 * that arrive during the outage wait before their first try. Any other failure is returned as it is, for
 * the failure policy. The poller bounds the wait: it gives a batch up after its handle timeout, and
 * releases the messages in hand when it stops.
 */
export const holdThroughDatabaseOutages = (
  handle: BatchHandler,
  options: DatabaseWaitOptions,
): BatchHandler => {
  const { ping, log } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const firstDelayMs = options.firstDelayMs ?? DEFAULT_FIRST_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let outage: Promise<void> | undefined;
  let held = 0;

  const pingUntilAnswered = async (error: unknown): Promise<void> => {
    const started = performance.now();
    const what = options.describeOutage?.(error) ?? 'database unreachable';
    log.warn({ reason: describeError(error) }, `${what}: holding messages until it answers`);
    for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
      await sleep(delay);
      try {
        await ping();
        break;
      } catch (pingError) {
        // Reachable but refusing (access denied, say): waiting will not help, and the messages' own
        // failures will say why, through the failure policy.
        if (!isDatabaseOutage(pingError)) break;
      }
    }
    log.info({ seconds: Math.round((performance.now() - started) / 1000), held }, 'database is back');
  };

  /** The one wait for the current outage, started by the first batch that meets it. */
  const waitForDatabase = async (messages: number, error?: unknown): Promise<void> => {
    if (error !== undefined && !outage) {
      outage = pingUntilAnswered(error).finally(() => {
        outage = undefined;
      });
    }
    if (!outage) return;
    held += messages;
    try {
      await outage;
    } finally {
      held -= messages;
    }
  };

  if (options.checkAtStart) {
    ping().catch((error: unknown) => {
      if (isDatabaseOutage(error)) void waitForDatabase(0, error);
    });
  }

  return async (received) => {
    await waitForDatabase(received.length);
    const results: BatchResults = await handle(received);
    for (;;) {
      const unreachable = results.flatMap((result, index) =>
        result.status === 'rejected' && isDatabaseOutage(result.reason) ? [index] : [],
      );
      const [first] = unreachable;
      if (first === undefined) return results;
      await waitForDatabase(unreachable.length, (results[first] as PromiseRejectedResult).reason);
      const again = await handle(unreachable.map((index) => received[index] as (typeof received)[number]));
      for (const [position, index] of unreachable.entries()) {
        results[index] = again[position] ?? (results[index] as BatchResults[number]);
      }
    }
  };
};
