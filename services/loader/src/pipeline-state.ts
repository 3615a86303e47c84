import type { S3Client } from '@aws-sdk/client-s3';
import { type CursorState, cursorStateKey, type PageStates, pageStatesKey } from '@sluice/contracts';
import { writeStateObject } from '@sluice/runtime';

/** What the loader copies to S3 for the extractor, for one resource, after a commit. */
export interface PublishedState {
  pipeline: string;
  resource: string;
  /** All the resource's page hashes when a run has completed it; none when a load changed a page. */
  pageStates: PageStates;
  /** The incremental cursor, when a run completed the resource and moved it. */
  cursor: CursorState | null;
}

export const publishState = async (
  deps: { s3: S3Client; bucket: string },
  { pipeline, resource, pageStates, cursor }: PublishedState,
): Promise<void> => {
  await Promise.all([
    writeStateObject(deps.s3, deps.bucket, pageStatesKey(pipeline, resource), pageStates),
    ...(cursor ? [writeStateObject(deps.s3, deps.bucket, cursorStateKey(pipeline, resource), cursor)] : []),
  ]);
};

/**
 * The page hashes of a resource withdrawn, after a load changed a page before its run was complete: the
 * copy would otherwise still say the old content was loaded, and the next run would skip a page the
 * warehouse no longer has that way. Until a run completes the resource again, no page of it is skipped.
 */
export const withdrawnPageStates = (pipeline: string, resource: string, now: Date): PublishedState => ({
  pipeline,
  resource,
  pageStates: { version: 1, runId: null, updatedAt: now.toISOString(), pages: {} },
  cursor: null,
});
