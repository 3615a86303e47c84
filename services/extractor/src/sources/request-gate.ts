import { setTimeout as delay } from 'node:timers/promises';

export interface RequestGate {
  /** Runs `task` once a concurrency slot is free and the rate limit allows another start. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export interface RequestGateOptions {
  /** Starts per second; omitted, unlimited. */
  ratePerSecond?: number;
  /** Tasks in flight at once. */
  concurrency: number;
  /** The extractor's clock (`deps.clock`); injected by tests so they need not wait. */
  clock?: { now: () => Date };
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Holds a source's requests to its `concurrency` and `rateLimit`. Starts are spaced evenly
 * (1 / rate apart) rather than allowed in bursts, since APIs that count per second often count per
 * sliding second too. Waiting tasks start in the order they arrived.
 */
export const createRequestGate = (options: RequestGateOptions): RequestGate => {
  const {
    ratePerSecond,
    concurrency,
    clock = { now: () => new Date() },
    sleep = (ms) => delay(ms),
  } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`createRequestGate: concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
  if (ratePerSecond !== undefined && !(ratePerSecond > 0)) {
    throw new RangeError(`createRequestGate: ratePerSecond must be positive, got ${ratePerSecond}`);
  }
  const interval = ratePerSecond === undefined ? 0 : 1000 / ratePerSecond;
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let nextStart = Number.NEGATIVE_INFINITY;

  const acquire = async () => {
    if (inFlight < concurrency) inFlight += 1;
    // The slot is handed over by release(), so inFlight stays counted and no newcomer can jump the queue.
    else await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };
  /** Reserves the next start time synchronously, so concurrent callers each get their own. */
  const awaitTurn = async () => {
    if (interval === 0) return;
    const now = clock.now().getTime();
    const start = Math.max(now, nextStart);
    nextStart = start + interval;
    if (start > now) await sleep(start - now);
  };

  return {
    run: async (task) => {
      await acquire();
      try {
        await awaitTurn();
        return await task();
      } finally {
        release();
      }
    },
  };
};
