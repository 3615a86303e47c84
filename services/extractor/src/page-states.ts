import type { S3Client } from '@aws-sdk/client-s3';
import { type PageStates, pageStatesKey } from '@sluice/contracts';
import { readStateObject } from '@sluice/runtime';

/** The content hash last loaded for each URL of a resource (by the URL's SHA-256), as of a run's start. */
export type PageStatesOf = (run: {
  pipeline: string;
  resource: string;
  runId: string;
}) => Promise<PageStates['pages']>;

// Runs of different pipelines and resources in flight at once, each kept once; the oldest goes first.
const RUNS_KEPT = 16;

/**
 * Reads a resource's published page hashes once per run, however many of its pages this process fetches:
 * one read of one object instead of one per page. A run reads them again, so what the run before
 * published is what it sees.
 */
export const createPageStatesReader = (s3: S3Client, bucket: string): PageStatesOf => {
  const kept = new Map<string, Promise<PageStates['pages']>>();
  return ({ pipeline, resource, runId }) => {
    const id = `${pipeline}/${resource}/${runId}`;
    const known = kept.get(id);
    if (known) return known;
    const reading = readStateObject<PageStates>(s3, bucket, pageStatesKey(pipeline, resource)).then(
      (states) => states?.pages ?? {},
    );
    // A failed read is not kept: the next page tries again.
    reading.catch(() => kept.delete(id));
    kept.set(id, reading);
    if (kept.size > RUNS_KEPT) kept.delete(kept.keys().next().value as string);
    return reading;
  };
};
