import type { LoadMessage } from '@sluice/contracts';
import { type LoaderDeps, type LoadResult, loadMessages } from './load.ts';

export interface LoadBatcherOptions {
  /** Pages written in one transaction at most. */
  maxPages: number;
  /** How long the first message of a batch waits for others (the poller hands a receive's messages over within a tick or two). */
  lingerMs: number;
}

/**
 * Gathers the messages a poller (or a Lambda batch) handles at the same moment, and loads them together
 * (`loadMessages`: one transaction, multi-row statements). Each caller still gets its own message's
 * result or error, so acknowledging, retrying and dead-lettering stay per message.
 */
export const createLoadBatcher = (deps: LoaderDeps, options: LoadBatcherOptions) => {
  let waiting: {
    message: LoadMessage;
    resolve: (result: LoadResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    const results = await loadMessages(
      batch.map(({ message }) => message),
      deps,
    );
    for (const [index, { resolve, reject }] of batch.entries()) {
      const result = results[index];
      if (result?.status === 'fulfilled') resolve(result.value);
      else reject(result?.reason);
    }
  };

  return (message: LoadMessage): Promise<LoadResult> =>
    new Promise((resolve, reject) => {
      waiting.push({ message, resolve, reject });
      if (waiting.length >= options.maxPages) void flush();
      else timer ??= setTimeout(() => void flush(), options.lingerMs);
    });
};
