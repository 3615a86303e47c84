import type { S3Client } from '@aws-sdk/client-s3';
import { STAGES, type Stage } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { isOverRejected, type RunFailure, type RunProgress, type WarehouseDb } from '@sluice/warehouse';
import { sql } from 'drizzle-orm';
import type { QueueDepths } from './queue-depths.ts';
import { readRejectedRecords } from './rejected/read-rejected-records.ts';
import { type RejectReason, reasonsByResource } from './rejected/reasons-by-resource.ts';
import { textTable } from './text-table.ts';

export interface RunSummary {
  runId: string;
  pipeline: string;
  status: string;
  /** From request to end; null while the run goes on (`status` of a running run). */
  seconds: number | null;
  pages: { loaded: number; skipped: number; total: number };
  records: { extracted: number; rejected: number; loaded: number };
  resources: RunProgress['resources'];
  /** Rows now in each warehouse table (all runs). */
  tables: Record<string, number>;
  deadLetters: Record<Stage, number>;
  rejectedUnder: string | null;
  /** The pages a stage dead-lettered, with the reasons: why a run failed. */
  failures: RunFailure[];
  /** The pipeline's `rejections.failAt`: the share of a resource's records rejected that fails a run. */
  failAt: number;
  /** The commonest reasons records were rejected for, per resource (from the first rejected records). */
  rejectReasons?: RejectReason[];
}

// Enough rejected records to find the common reasons, few enough to read at the end of any run.
const REASONS_FROM = 500;

/** Rows now in each of the pipeline's warehouse tables (0 for one not created yet). */
export const countWarehouseRows = async (
  db: WarehouseDb,
  pipeline: Pick<PipelineDefinition, 'destination'>,
): Promise<Record<string, number>> => {
  const entries = await Promise.all(
    Object.keys(pipeline.destination).map(async (name) => {
      try {
        const [rows] = await db.execute(sql`select count(*) as n from ${sql.identifier(name)}`);
        return [name, Number((rows as unknown as { n: number }[])[0]?.n ?? 0)] as const;
      } catch (error) {
        // ER_NO_SUCH_TABLE: the loader creates a pipeline's tables with its first page.
        if ((error as { errno?: number }).errno === 1146) return [name, 0] as const;
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries);
};

export const summariseRun = async (
  db: WarehouseDb,
  pipeline: Pick<PipelineDefinition, 'destination' | 'rejections'>,
  progress: RunProgress,
  depths: QueueDepths,
  context: { seconds: number | null; bucket: string; s3?: S3Client },
): Promise<RunSummary> => {
  const add = (pick: (resource: RunProgress['resources'][number]) => number) =>
    progress.resources.reduce((sum, resource) => sum + pick(resource), 0);
  const rejected = add((r) => r.records.rejected);
  return {
    runId: progress.runId,
    pipeline: progress.pipeline,
    status: progress.status,
    seconds: context.seconds,
    pages: {
      loaded: add((r) => r.pages.loaded),
      skipped: add((r) => r.pages.skipped),
      total: add((r) => r.pages.total ?? 0),
    },
    records: { extracted: add((r) => r.records.extracted), rejected, loaded: add((r) => r.records.loaded) },
    resources: progress.resources,
    tables: await countWarehouseRows(db, pipeline),
    deadLetters: Object.fromEntries(
      STAGES.map((stage) => {
        const depth = depths[stage].deadLetter;
        return [stage, depth.waiting + depth.inFlight + depth.delayed];
      }),
    ) as Record<Stage, number>,
    rejectedUnder:
      rejected > 0 ? `s3://${context.bucket}/rejected/${progress.pipeline}/*/${progress.runId}/` : null,
    failures: progress.failures,
    failAt: pipeline.rejections?.failAt ?? 1,
    ...(rejected > 0 && context.s3
      ? { rejectReasons: await rejectReasonsOf({ s3: context.s3, bucket: context.bucket }, progress) }
      : {}),
  };
};

const rejectReasonsOf = async (platform: { s3: S3Client; bucket: string }, progress: RunProgress) => {
  const resources = progress.resources.filter((r) => r.records.rejected > 0).map((r) => r.resource);
  const run = { pipeline: progress.pipeline, runId: progress.runId, resources };
  const { rejections } = await readRejectedRecords(platform, run, REASONS_FROM);
  return reasonsByResource(rejections);
};

/** The summary a person reads at the end of a run. */
export const formatRunSummary = (summary: RunSummary): string => {
  const took = summary.seconds === null ? '' : ` in ${summary.seconds.toFixed(1)} s`;
  const lines = [
    `Run ${summary.runId} (${summary.pipeline}) ${summary.status}${took}: ${summary.pages.loaded}/${summary.pages.total} pages loaded${summary.pages.skipped > 0 ? ` (${summary.pages.skipped} skipped as unchanged)` : ''}`,
    textTable([
      ['resource', 'pages', 'extracted', 'rejected', 'loaded', 'rows written'],
      ...summary.resources.map((r) => [
        r.resource,
        `${r.pages.loaded}/${r.pages.total ?? '?'}`,
        String(r.records.extracted),
        String(r.records.rejected),
        String(r.records.loaded),
        String(r.rowsWritten),
      ]),
      [
        'total',
        `${summary.pages.loaded}/${summary.pages.total}`,
        ...['extracted', 'rejected', 'loaded'].map((k) =>
          String(summary.records[k as keyof RunSummary['records']]),
        ),
        '',
      ],
    ]),
    `Warehouse rows: ${Object.entries(summary.tables)
      .map(([name, rows]) => `${name} ${rows}`)
      .join(', ')}`,
    `Dead-letter queues (all runs; \`npx sluice dlq list\` shows them): ${STAGES.map((stage) => `${stage} ${summary.deadLetters[stage]}`).join(', ')}`,
  ];
  if (summary.rejectedUnder) {
    lines.push(
      `Rejected records, with their reasons: \`npx sluice rejected ${summary.runId}\` (stored under ${summary.rejectedUnder})`,
    );
    if (summary.rejectReasons && summary.rejectReasons.length > 0) {
      lines.push(
        textTable([
          ['resource', 'records', 'commonest reasons'],
          ...summary.rejectReasons.map(({ resource, reason, count }) => [resource, String(count), reason]),
        ]),
      );
    }
  }
  const overRejected = summary.resources.filter((resource) =>
    isOverRejected(resource.records, summary.failAt),
  );
  for (const { resource, records } of overRejected) {
    const rejected = records.extracted - records.loaded;
    const what =
      rejected === records.extracted
        ? `Every one of the ${records.extracted} records of ${resource} was rejected`
        : `${rejected} of the ${records.extracted} records of ${resource} were rejected, at least the ${summary.failAt} the pipeline's rejections.failAt allows`;
    lines.push(
      `${what}, so the run failed: \`npx sluice rejected ${summary.runId} --resource ${resource}\` shows why`,
    );
  }
  if (summary.failures.length > 0) {
    lines.push(`Dead-lettered pages of this run (\`npx sluice dlq replay\` retries them):`);
    lines.push(...summary.failures.map((failure) => `  ${describeFailure(failure)}`));
  }
  return lines.join('\n');
};

/** One line per failed page: where it failed and why, the reason whole (it is what to fix). */
export const describeFailure = (failure: RunFailure): string => {
  const where = failure.resource === '' ? 'the run request' : `${failure.resource} p${failure.page}`;
  return `${where} at ${failure.stage}: ${failure.reason}`;
};
