import type { S3Client } from '@aws-sdk/client-s3';
import type { RunProgress } from '@sluice/warehouse';
import type { DeadLetterDeps } from './dead-letters/types.ts';
import {
  deadLetteredPagesOf,
  formatRunDeadLetters,
  type RunDeadLetters,
  readRunDeadLetters,
} from './run-dead-letters.ts';
import { countStagedPages } from './staged-pages.ts';
import { textTable } from './text-table.ts';

/** Where one resource's pages of a run are, and whether its record counts add up. */
export interface ResourceReconciliation {
  resource: string;
  pages: {
    /** The resource's page count; null until a page has said it. */
    total: number | null;
    /** Raw pages staged in S3 (a page skipped as unchanged is loaded without being staged). */
    extracted: number;
    /** Processed pages staged in S3. */
    transformed: number;
    /**
     * Pages done, as everywhere else `pages.loaded` is: loaded, or skipped as unchanged (of which
     * `skipped` says how many; the table a person reads shows the two apart).
     */
    loaded: number;
    /** Pages unchanged since they were last loaded: counted, neither staged nor loaded again. */
    skipped: number;
    /** Pages in any DLQ, as far as the listing could read them. */
    deadLettered: number;
  };
  /** Of the pages loaded: every record extracted is either loaded or rejected. */
  records: { extracted: number; loaded: number; rejected: number };
  reconciles: boolean;
}

export interface RunReconciliation {
  resources: ResourceReconciliation[];
  deadLetters: RunDeadLetters;
}

/** Puts the warehouse's bookkeeping, the staged pages and the dead letters side by side, per resource. */
export const reconcileRun = (
  progress: RunProgress,
  staged: Record<string, { raw: number; processed: number }>,
  deadLetters: RunDeadLetters,
): RunReconciliation => ({
  resources: progress.resources.map(({ resource, pages, records }) => ({
    resource,
    pages: {
      total: pages.total,
      extracted: staged[resource]?.raw ?? 0,
      transformed: staged[resource]?.processed ?? 0,
      loaded: pages.loaded,
      skipped: pages.skipped,
      deadLettered: deadLetteredPagesOf(deadLetters, resource),
    },
    records,
    reconciles: records.extracted === records.loaded + records.rejected,
  })),
  deadLetters,
});

/** Counts the run's staged pages in S3 and reads its dead letters (without consuming them). */
export const readRunReconciliation = async (
  platform: DeadLetterDeps & { s3: S3Client; bucket: string },
  progress: RunProgress,
): Promise<RunReconciliation> => {
  const address = (resource: string) => ({ pipeline: progress.pipeline, resource, runId: progress.runId });
  const [staged, deadLetters] = await Promise.all([
    Promise.all(
      progress.resources.map(async ({ resource }) => {
        const [raw, processed] = await Promise.all([
          countStagedPages(platform.s3, platform.bucket, 'raw', address(resource)),
          countStagedPages(platform.s3, platform.bucket, 'processed', address(resource)),
        ]);
        return [resource, { raw, processed }] as const;
      }),
    ),
    readRunDeadLetters(platform, progress.runId),
  ]);
  return reconcileRun(progress, Object.fromEntries(staged), deadLetters);
};

const recordsCell = ({ records, reconciles }: ResourceReconciliation): string => {
  const sum = `${records.loaded} + ${records.rejected}`;
  if (reconciles) return `${records.extracted} = ${sum}`;
  const off = records.extracted - records.loaded - records.rejected;
  return `${records.extracted} ≠ ${sum} (${off > 0 ? `${off} unaccounted` : `${-off} too many`})`;
};

/** For `sluice status`: each resource's pages per stage, its record counts, and the run's dead letters. */
export const formatRunReconciliation = (reconciliation: RunReconciliation): string =>
  [
    'Pages per stage, and records extracted = loaded + rejected:',
    textTable([
      ['resource', 'pages', 'extracted', 'transformed', 'loaded', 'skipped', 'in DLQ', 'records'],
      ...reconciliation.resources.map((resource) => [
        resource.resource,
        String(resource.pages.total ?? '?'),
        String(resource.pages.extracted),
        String(resource.pages.transformed),
        String(resource.pages.loaded - resource.pages.skipped),
        String(resource.pages.skipped),
        String(resource.pages.deadLettered),
        recordsCell(resource),
      ]),
    ]),
    formatRunDeadLetters(reconciliation.deadLetters),
  ].join('\n');
