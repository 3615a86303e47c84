import type { S3Client } from '@aws-sdk/client-s3';
import { type KeyArea, pagesOfStagedKey, type RunId, runPrefix, type Stage } from '@sluice/contracts';
import { listObjectKeys } from '@sluice/runtime';
import type { RunProgress } from '@sluice/warehouse';

/** How many pages of a run's resource are staged in an area (`raw`, `processed`, `rejected`). */
export const countStagedPages = async (
  s3: S3Client,
  bucket: string,
  area: KeyArea,
  address: { pipeline: string; resource: string; runId: RunId },
): Promise<number> => (await stagedPageKeys(s3, bucket, area, address)).size;

/**
 * The run's staged pages of a resource in one area, each with a key that holds it. A processed object
 * can hold several pages, and a page transformed twice can be in two objects: counted once.
 */
export const stagedPageKeys = async (
  s3: S3Client,
  bucket: string,
  area: KeyArea,
  address: { pipeline: string; resource: string; runId: RunId },
): Promise<Map<number, string>> => {
  const pages = new Map<number, string>();
  const prefix = runPrefix(area, address.pipeline, address.resource, address.runId);
  for (const key of await listObjectKeys(s3, bucket, prefix)) {
    for (const page of pagesOfStagedKey(key)) if (!pages.has(page)) pages.set(page, key);
  }
  return pages;
};

/**
 * Pages of a run done per stage: staged raw pages, processed pages, and pages loaded (from the warehouse,
 * since a processed page is not loaded until its transaction commits).
 */
export const countStagePages = async (
  platform: { s3: S3Client; bucket: string },
  progress: RunProgress,
): Promise<Record<Stage, number>> => {
  const count = async (area: KeyArea) => {
    const counts = await Promise.all(
      progress.resources.map(({ resource }) =>
        countStagedPages(platform.s3, platform.bucket, area, {
          pipeline: progress.pipeline,
          resource,
          runId: progress.runId,
        }),
      ),
    );
    return counts.reduce((sum, value) => sum + value, 0);
  };
  const [raw, transform] = await Promise.all([count('raw'), count('processed')]);
  // A database table's pages are staged under snapshots/<…>/<date>/, not raw/: a page transformed was
  // extracted, so the extract count is never shown below the transform count.
  const extract = Math.max(raw, transform);
  return { extract, transform, load: progress.resources.reduce((sum, r) => sum + r.pages.loaded, 0) };
};

/** All pages of the run, once every resource's first page has said how many it has. */
export const totalPages = (progress: RunProgress): number | null =>
  progress.resources.every((r) => r.pages.total !== null)
    ? progress.resources.reduce((sum, r) => sum + (r.pages.total ?? 0), 0)
    : null;
