import type { S3Client } from '@aws-sdk/client-s3';
import { cancelledRunKey } from '@sluice/contracts';
import { readStateObject } from './state-objects.ts';

/** Says whether a run was cancelled; asks S3 at most once per run every `ttlMs`. */
export type CancelledRuns = (runId: string) => Promise<boolean>;

// A cancellation is seen within this long by every process; a busy run costs one small GET per process
// per run this often, not one per message.
const DEFAULT_TTL_MS = 2_000;

/**
 * The stages' view of `sluice run cancel`: the CLI marks the run cancelled in the ledger and writes
 * `control/cancelled/<runId>.json`, which every stage can read (the extractor and transformer have no
 * access to the warehouse). A cancelled run stays cancelled, so a yes is kept for good.
 */
export const createCancelledRuns = (
  s3: S3Client,
  bucket: string,
  options: { ttlMs?: number; now?: () => number } = {},
): CancelledRuns => {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  const known = new Map<string, { cancelled: Promise<boolean>; at: number }>();
  return (runId) => {
    const entry = known.get(runId);
    if (entry && (now() - entry.at < ttlMs || entry.cancelled === CANCELLED)) return entry.cancelled;
    const cancelled = readStateObject(s3, bucket, cancelledRunKey(runId)).then(
      (marker) => marker !== null,
      // Unreadable now: the run goes on (a cancellation is best effort; the next check will see it).
      () => false,
    );
    void cancelled.then((yes) => {
      if (yes) known.set(runId, { cancelled: CANCELLED, at: now() });
    });
    known.set(runId, { cancelled, at: now() });
    // Runs end; the map must not grow with every run a long-lived poller ever saw.
    if (known.size > 1_000) known.delete(known.keys().next().value as string);
    return cancelled;
  };
};

const CANCELLED = Promise.resolve(true);
