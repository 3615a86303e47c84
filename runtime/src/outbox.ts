import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SluiceError } from './errors.ts';
import { type Bundled, packBundles } from './message-bundles.ts';
import { traceFieldsFor } from './telemetry/message-trace.ts';

// SendMessageBatch takes at most 10 entries and 256 KiB in all; flushed below that, with room for the
// request's own fields.
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 240 * 1024;
// Requests in flight at once: a 5,000-page fan-out is 500 requests, sent 8 at a time.
const PARALLEL_REQUESTS = 8;

type Settled<T> = PromiseSettledResult<T>;

/**
 * The messages a batch of received messages sends on, gathered while the batch is handled and sent when
 * it is done: packed into bundles (message-bundles.ts) and sent ten bundles to a SendMessageBatch
 * request, whichever message of the batch asked for them, instead of a request per message. No timer:
 * the core hands the outbox its results. Each message goes with the trace context of the one that asked
 * for it (see traceFieldsFor).
 */
export interface Outbox {
  /** Queues `bodies` for `queueUrl` on behalf of message `owner` (its index in the batch). */
  add: (owner: number, queueUrl: string, bodies: readonly unknown[]) => void;
  /**
   * Sends everything queued, then returns `results` with each message whose sends SQS refused (or that
   * could not be sent) failed instead, so it retries alone; its neighbours are done.
   */
  deliver: <T>(results: Settled<T>[]) => Promise<Settled<T>[]>;
}

interface Entry {
  owner: number;
  body: string;
}

/** Bundles in requests of at most ten and 240 KiB. */
const requestsOf = (entries: Bundled<number>[]): Bundled<number>[][] => {
  const requests: Bundled<number>[][] = [];
  let current: Bundled<number>[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + entry.bytes > MAX_BATCH_BYTES)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
};

/** Whether `body` is a message the outbox may add trace fields to (an object, not an array or a string). */
const isMessageObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/**
 * `owners` is the batch the core was handed, so that a message added on behalf of owner `i` carries the
 * trace of `owners[i]`; without it, bodies go as they are given.
 */
export const createOutbox = (sqs: SQSClient, owners: readonly object[] = []): Outbox => {
  const byQueue = new Map<string, Entry[]>();
  const refused = new Map<number, string[]>();
  const refuse = (owner: number, reason: string) =>
    refused.set(owner, [...(refused.get(owner) ?? []), reason]);

  const sendRequest = async (queueUrl: string, entries: Bundled<number>[]) => {
    try {
      const result = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((entry, index) => ({ Id: String(index), MessageBody: entry.body })),
        }),
      );
      for (const failure of result.Failed ?? []) {
        for (const owner of new Set(entries[Number(failure.Id)]?.owners)) {
          refuse(owner, `${failure.Code}: ${failure.Message}`);
        }
      }
    } catch (error) {
      for (const owner of new Set(entries.flatMap((entry) => entry.owners))) {
        refuse(owner, (error as Error).message ?? String(error));
      }
    }
  };

  const flush = async () => {
    const requests = [...byQueue].flatMap(([queueUrl, entries]) =>
      requestsOf(packBundles(entries)).map((request) => ({ queueUrl, request })),
    );
    byQueue.clear();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const { queueUrl, request } = requests[next++] as (typeof requests)[number];
        await sendRequest(queueUrl, request);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, requests.length) }, worker));
  };

  return {
    add: (owner, queueUrl, bodies) => {
      const entries = byQueue.get(queueUrl) ?? [];
      byQueue.set(queueUrl, entries);
      const owned = owners[owner];
      for (const body of bodies) {
        const text = JSON.stringify(
          isMessageObject(body) ? { ...body, ...traceFieldsFor(owned, body) } : body,
        );
        entries.push({ owner, body: text });
      }
    },
    deliver: async (results) => {
      await flush();
      return results.map((result, owner) => {
        const reasons = refused.get(owner);
        if (!reasons || result.status === 'rejected') return result;
        const error = new SluiceError(
          `SQS refused ${reasons.length} of the messages it sends: ${reasons.join('; ')}`,
        );
        return { status: 'rejected', reason: error };
      });
    },
  };
};
