export interface BatcherOptions {
  /** Items handled together at most. */
  maxItems: number;
  /** How long the first item of a batch waits for others (a poller hands a receive's messages over within a tick or two). */
  lingerMs: number;
}

/**
 * Gathers the items that callers hand over at the same moment (the messages of one receive, or of one
 * Lambda batch) and handles them together with `handleAll`, which settles one result per item, in order.
 * Each caller still gets its own item's result or error, so acknowledging, retrying and dead-lettering
 * stay per message.
 */
export const createBatcher = <I, O>(
  handleAll: (items: I[]) => Promise<PromiseSettledResult<O>[]>,
  options: BatcherOptions,
): ((item: I) => Promise<O>) => {
  let waiting: { item: I; resolve: (result: O) => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    const results = await handleAll(batch.map(({ item }) => item)).catch((error: unknown) =>
      batch.map((): PromiseSettledResult<O> => ({ status: 'rejected', reason: error })),
    );
    for (const [index, { resolve, reject }] of batch.entries()) {
      const result = results[index];
      if (result?.status === 'fulfilled') resolve(result.value);
      else reject(result ? result.reason : new Error('the batch settled no result for this item'));
    }
  };

  return (item) =>
    new Promise((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (waiting.length >= options.maxItems) void flush();
      else timer ??= setTimeout(() => void flush(), options.lingerMs);
    });
};
