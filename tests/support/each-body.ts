import type { BatchHandler, BatchResults } from '@sluice/runtime';

/** A stage's batch handler made of a handler of one body: each message settles alone. */
export const eachBody =
  (handle: (body: string) => Promise<Record<string, unknown>>): BatchHandler =>
  (received): Promise<BatchResults> =>
    Promise.allSettled(received.map(({ body }) => handle(body)));
