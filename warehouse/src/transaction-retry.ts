// MySQL/MariaDB error numbers after which the whole transaction may simply run again.
const RESTARTABLE_ERRNOS = new Set([
  1213, // ER_LOCK_DEADLOCK: InnoDB chose this transaction as the victim
  1205, // ER_LOCK_WAIT_TIMEOUT
]);

const errnoOf = (error: unknown): number | undefined => {
  for (let current = error; current instanceof Error; current = current.cause) {
    const errno = (current as { errno?: unknown }).errno;
    if (typeof errno === 'number') return errno;
  }
  return undefined;
};

export const isRestartableTransactionError = (error: unknown): boolean =>
  RESTARTABLE_ERRNOS.has(errnoOf(error) ?? 0);

/**
 * Runs `transaction` again when InnoDB rolled it back for a deadlock or a lock wait: pages loaded in
 * parallel touch neighbouring keys, and a rerun a few milliseconds later almost always passes, where
 * giving the message back to SQS would cost a backoff of seconds.
 */
export const retryTransaction = async <T>(
  transaction: () => Promise<T>,
  attempts = 5,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isRestartableTransactionError(error)) throw error;
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
};
