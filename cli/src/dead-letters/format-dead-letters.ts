import { textTable as table } from '../text-table.ts';
import type { DeadLetterListing, DeadLetterRow, PurgeResult, ReplayResult } from './types.ts';

const queueNameOf = (url: string): string => url.split('/').pop() ?? url;

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** `42s`, `7m`, `3h`, `2d`: how long ago, at a glance. */
export const formatAge = (seconds: number | null): string => {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
};

// Whole, on one line: what to fix is often at the end (`… answered 401: … check BOOKS_API_TOKEN`), so a
// reason cut to the width of a terminal hides it. It is the table's last column: the others stay aligned.
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

const cellsOf = (row: DeadLetterRow): string[] => [
  formatAge(row.ageSeconds),
  row.stage,
  row.runId ?? '-',
  row.pipeline ?? '-',
  row.type ?? '-',
  row.resource === null ? '-' : `${row.resource}${row.page === null ? '' : `/${row.page}`}`,
  row.attempts === null ? '-' : String(row.attempts),
  oneLine(row.reason),
];

const formatListing = (listing: DeadLetterListing): string => {
  const { deadLetter: depth } = listing;
  const heading =
    `${listing.stage} DLQ ${queueNameOf(listing.queueUrl)}: ${depth.waiting} waiting, ` +
    `${depth.inFlight} in flight${depth.delayed > 0 ? `, ${depth.delayed} delayed` : ''}`;
  if (listing.messages.length === 0 && listing.unlisted === 0) return `${heading}\n  (empty)`;
  const lines = [heading];
  if (listing.messages.length > 0) {
    lines.push(
      table([
        ['age', 'stage', 'run', 'pipeline', 'type', 'page', 'attempts', 'reason'],
        ...listing.messages.map(cellsOf),
      ]),
    );
  }
  if (listing.unlisted > 0) {
    lines.push(
      `  … and ${listing.unlisted} not listed (in flight, delayed, or past the listing's limit): ` +
        'the depth is exact, the listing best effort',
    );
  }
  return lines.join('\n');
};

/** `sluice dlq list`: a compact table per DLQ. */
export const formatDeadLetterListings = (listings: readonly DeadLetterListing[]): string =>
  listings.map(formatListing).join('\n\n');

const METHODS: Record<ReplayResult['method'], string> = {
  'move-task': 'SQS move task',
  'by-hand': 'received, sent, deleted',
};

/** `sluice dlq replay`: per stage, what moved back to its queue and what stayed. */
export const formatReplayResults = (results: readonly ReplayResult[], runId?: string): string =>
  results
    .map((result) => {
      const which = runId === undefined ? '' : ` of run ${runId}`;
      const problem = result.problem === undefined ? '' : ` (${result.problem})`;
      return (
        `${result.stage}: moved ${plural(result.moved, 'message')}${which} back to the ${result.stage} queue ` +
        `(${METHODS[result.method]}); ${result.left} left in the DLQ${problem}`
      );
    })
    .join('\n');

/** `sluice dlq purge` without `--yes`: what it would delete, and how to go ahead. */
export const formatPurgeRefusal = (plan: readonly PurgeResult[]): string =>
  [
    'Not purging without --yes. A purge deletes, for good:',
    ...plan.map(
      (entry) => `  ${entry.stage} DLQ ${queueNameOf(entry.queueUrl)}: ${plural(entry.purged, 'message')}`,
    ),
    'See them with `npx sluice dlq list`; rerun with --yes to purge.',
  ].join('\n');

export const formatPurgeResults = (results: readonly PurgeResult[]): string =>
  results
    .map(
      (entry) =>
        `Purged the ${entry.stage} DLQ ${queueNameOf(entry.queueUrl)}: ${plural(entry.purged, 'message')}`,
    )
    .join('\n');
