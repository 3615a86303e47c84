import type { LoadMessage } from '@sluice/contracts';
import { createBatcher } from '@sluice/runtime';
import { type LoaderDeps, type LoadResult, loadMessages } from './load.ts';

export interface LoadBatcherOptions {
  /** Pages written in one transaction at most. */
  maxPages: number;
  /** How long the first message of a batch waits for others. */
  lingerMs: number;
}

/** The messages a poller (or a Lambda batch) handles at the same moment, loaded together (`loadMessages`). */
export const createLoadBatcher = (
  deps: LoaderDeps,
  options: LoadBatcherOptions,
): ((message: LoadMessage) => Promise<LoadResult>) =>
  createBatcher((messages: LoadMessage[]) => loadMessages(messages, deps), {
    maxItems: options.maxPages,
    lingerMs: options.lingerMs,
  });
