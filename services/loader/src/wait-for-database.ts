import { describeError, type Logger } from '@sluice/runtime';
import { isDatabaseOutage } from '@sluice/warehouse';

export interface DatabaseWaitOptions {
  /** Resolves when the database answers (a `select 1` on the pool); rejects while it cannot be reached. */
  ping: () => Promise<unknown>;
  log: Logger;
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
 * Makes a message handler hold its message through a database outage instead of failing it. When `handle`
 * throws because the database cannot be reached (see `isDatabaseOutage`), the message stays in hand (the
 * poller's heartbeat keeps it invisible, so its receive count does not grow) while one ping loop, shared by
 * every message of the process, waits for the database; then `handle` runs again. Messages that arrive
 * during the outage wait before their first try. Any other error is thrown as it is, for the failure
 * policy. The poller bounds the wait: it gives a message up after its handle timeout, and releases the
 * messages in hand when it stops.
 */
export const holdThroughDatabaseOutages = <T>(
  handle: (body: string) => Promise<T>,
  options: DatabaseWaitOptions,
): ((body: string) => Promise<T>) => {
  const { ping, log } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const firstDelayMs = options.firstDelayMs ?? DEFAULT_FIRST_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  let outage: Promise<void> | undefined;
  let held = 0;

  const pingUntilAnswered = async (error: unknown): Promise<void> => {
    const started = performance.now();
    log.warn({ reason: describeError(error) }, 'database unreachable: holding messages until it answers');
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

  /** The one wait for the current outage, started by the first message that meets it. */
  const waitForDatabase = async (error?: unknown): Promise<void> => {
    if (error !== undefined && !outage) {
      outage = pingUntilAnswered(error).finally(() => {
        outage = undefined;
      });
    }
    if (!outage) return;
    held += 1;
    try {
      await outage;
    } finally {
      held -= 1;
    }
  };

  return async (body) => {
    await waitForDatabase();
    for (;;) {
      try {
        return await handle(body);
      } catch (error) {
        if (!isDatabaseOutage(error)) throw error;
        await waitForDatabase(error);
      }
    }
  };
};
