import { RunIdSchema } from '@sluice/contracts';
import { readRunProgress } from '@sluice/warehouse';
import type { Platform } from '../platform.ts';
import { type Rejection, readRejectedRecords } from '../rejected/read-rejected-records.ts';

/** What `sluice rejected <runId> --json` prints and the console's `/api/runs/:id/rejected` serves. */
export interface RejectedReport {
  runId: string;
  pipeline: string;
  /** Rejected records in all, of which `rejections` holds the first `limit`. */
  total: number;
  rejections: Rejection[];
}

/** The run or resource asked for is not there (or the id is no run id): nothing to read. */
export class UnknownRunError extends Error {
  override name = 'UnknownRunError';
}

/** A run's quarantined records with their reasons, of one resource or all; throws on an unknown run or resource. */
export const readRejectedReport = async (
  platform: Pick<Platform, 's3' | 'bucket' | 'warehouse'>,
  runId: string,
  options: { resource?: string; limit: number },
): Promise<RejectedReport> => {
  if (!RunIdSchema.safeParse(runId).success) {
    throw new UnknownRunError(`${runId} is not a run id (they look like 20261125T150135Z-3fa9c2)`);
  }
  const progress = await readRunProgress(platform.warehouse.db, runId);
  if (!progress)
    throw new UnknownRunError(
      `No run ${runId} in the warehouse (DATABASE_URL); \`npx sluice status\` shows the latest`,
    );
  const resources = progress.resources.map(({ resource }) => resource);
  if (options.resource && !resources.includes(options.resource)) {
    throw new UnknownRunError(
      `run ${runId} has no resource ${options.resource} (it has ${resources.join(', ')})`,
    );
  }
  const run = {
    pipeline: progress.pipeline,
    runId,
    resources: options.resource ? [options.resource] : resources,
  };
  const { rejections, total } = await readRejectedRecords(platform, run, options.limit);
  return { runId, pipeline: progress.pipeline, total, rejections };
};
