import type { S3Client } from '@aws-sdk/client-s3';
import { parseJson, RejectedPageSchema, type RunId } from '@sluice/contracts';
import { getStagedObject } from '@sluice/runtime';
import { stagedPageKeys } from '../staged-pages.ts';

/** A record the transformer quarantined, where it was and why. */
export interface Rejection {
  resource: string;
  page: number;
  /** The record's place in its page. */
  index: number;
  reason: string;
  record: unknown;
}

export interface RejectedRecords {
  /** Not `rows`, which elsewhere are the warehouse's, nor `records`, which are counts. */
  rejections: Rejection[];
  /** Rejected records in all, of which `rejections` holds the first `limit`. */
  total: number;
}

/**
 * The rejected records of a run, with zod's reasons, as the transformer quarantined them under
 * `rejected/<pipeline>/<resource>/<runId>/`: page by page, at most `limit` of them kept (the total counts them all).
 */
export const readRejectedRecords = async (
  platform: { s3: S3Client; bucket: string },
  run: { pipeline: string; runId: RunId; resources: string[] },
  limit = 100,
): Promise<RejectedRecords> => {
  const rejections: Rejection[] = [];
  let total = 0;
  for (const resource of run.resources) {
    const keys = await stagedPageKeys(platform.s3, platform.bucket, 'rejected', { ...run, resource });
    for (const [page, key] of [...keys].sort(([a], [b]) => a - b)) {
      const { body } = await getStagedObject(platform.s3, platform.bucket, key);
      const { rejected } = parseJson(RejectedPageSchema, body, `rejected page ${key}`);
      total += rejected.length;
      for (const { index, reason, record } of rejected) {
        if (rejections.length < limit) rejections.push({ resource, page, index, reason, record });
      }
    }
  }
  return { rejections, total };
};
