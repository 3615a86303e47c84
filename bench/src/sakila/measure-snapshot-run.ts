import { GetObjectCommand } from '@aws-sdk/client-s3';
import { serviceEnvOf } from '@sluice/cli';
import { snapshotManifestKey } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { warehouseSchema } from '@sluice/warehouse';
import { eq } from 'drizzle-orm';
import { assertCounts } from '../assert-counts.ts';
import type { BenchDeployment } from '../sluice/bench-deployment.ts';
import { runOnServices } from '../sluice/run-on-services.ts';
import { type PerService, watchServices } from '../sluice/service-usage.ts';

export interface SnapshotChanges {
  inserted: number;
  updated: number;
  deleted: number;
}

export interface SnapshotRunFigures {
  runId: string;
  /** From the run's request to its last page loaded. */
  seconds: number;
  /** Rows and pages of the table's snapshot, as its manifest counts them. */
  rows: number;
  pages: number;
  /** Rows snapshotted a second, whatever part of them went on to the loader. */
  rowsPerSecond: number;
  /** What the comparison with the previous snapshot found; null when there was none to compare with. */
  changes: SnapshotChanges | null;
  /** Peak resident set (VmHWM) of each service, started for this run alone. */
  peakRssMiB: PerService;
  cpuSeconds: PerService;
}

interface Manifest {
  pages: number;
  rows: number;
  upperBound: string;
  changes: SnapshotChanges | null;
}

/** The manifest of the run's snapshot of the table: written at its last page, so the snapshot is whole. */
const readManifest = async (deployment: BenchDeployment, pipeline: string, table: string, runId: string) => {
  const { platform } = deployment;
  const { sluiceRunPages } = warehouseSchema;
  const [page] = await platform.warehouse.db
    .select({ cursor: sluiceRunPages.cursor })
    .from(sluiceRunPages)
    .where(eq(sluiceRunPages.runId, runId))
    .limit(1);
  // Each page reports the run's upper bound as its cursor; its date (the source's zone) names the folder.
  const upper = JSON.parse(page?.cursor ?? 'null') as string | null;
  if (!upper) throw new Error(`run ${runId} recorded no upper bound of ${table}`);
  const key = snapshotManifestKey({ pipeline, table, day: upper.slice(0, 10), runId });
  const object = await platform.s3.send(new GetObjectCommand({ Bucket: platform.bucket, Key: key }));
  return JSON.parse((await object.Body?.transformToString()) ?? '{}') as Manifest;
};

/**
 * One run of one table of a mysql pipeline, on services started for it (so their peak memory is this
 * run's), not a full refresh: a second run compares with the first one's snapshot.
 */
export const measureSnapshotRun = async (
  deployment: BenchDeployment,
  pipeline: PipelineDefinition,
  options: {
    resource: string;
    table: string;
    sourceEnv: Record<string, string>;
    logDir: string;
    timeoutMs: number;
    say: (line: string) => void;
  },
): Promise<SnapshotRunFigures> => {
  const usage = watchServices();
  try {
    const run = await runOnServices(deployment, pipeline, {
      serviceEnv: serviceEnvOf(deployment.env, options.sourceEnv),
      request: { resources: [options.resource] },
      logDir: options.logDir,
      timeoutMs: options.timeoutMs,
      say: options.say,
      beforeStop: usage.sample,
    });
    const { peakRssMiB, cpuSeconds } = usage.stop();
    const manifest = await readManifest(deployment, pipeline.name, options.table, run.runId);
    const [resource] = run.progress.resources;
    assertCounts(
      `run ${run.runId} did not snapshot the whole ${options.table} table`,
      { status: run.progress.status, pages: resource?.pages.loaded, skipped: resource?.pages.skipped },
      { status: 'succeeded', pages: manifest.pages, skipped: 0 },
    );
    return {
      runId: run.runId,
      seconds: run.seconds,
      rows: manifest.rows,
      pages: manifest.pages,
      rowsPerSecond: manifest.rows / run.seconds,
      changes: manifest.changes,
      peakRssMiB,
      cpuSeconds,
    };
  } finally {
    usage.stop();
  }
};
