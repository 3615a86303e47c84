import { STAGES, type Stage } from '@sluice/contracts';
import { peekDeadLetters } from './dead-letters/peek-dead-letters.ts';
import type { DeadLetterDeps, DeadLetterListing } from './dead-letters/types.ts';

/** One resource's dead-lettered messages of a run, in one stage's DLQ. */
export interface DeadLetteredPages {
  stage: Stage;
  /** Null for a message that names no resource: a run request, or a body too broken to say. */
  resource: string | null;
  /** The pages, ascending and each once. */
  pages: number[];
  /** The messages, duplicates and page-less ones included. */
  messages: number;
}

export interface RunDeadLetters {
  runId: string;
  /** In flow order (extract, transform, load), then by resource. */
  groups: DeadLetteredPages[];
  /**
   * Messages the DLQs hold but the listing could not read (in flight, delayed, past its limit), of any
   * run: while it is not 0, some of this run's pages may be missing from `groups`.
   */
  unlisted: number;
}

/** The run's dead letters among the listed ones, grouped by stage and resource. */
export const groupRunDeadLetters = (
  listings: readonly DeadLetterListing[],
  runId: string,
): RunDeadLetters => {
  const groups = new Map<string, DeadLetteredPages & { seen: Set<number> }>();
  for (const listing of listings) {
    for (const row of listing.messages) {
      if (row.runId !== runId) continue;
      const key = `${listing.stage}\u0000${row.resource ?? ''}`;
      const group = groups.get(key) ?? {
        stage: listing.stage,
        resource: row.resource,
        pages: [],
        messages: 0,
        seen: new Set<number>(),
      };
      group.messages += 1;
      if (row.page !== null) group.seen.add(row.page);
      groups.set(key, group);
    }
  }
  const ordered = [...groups.values()]
    .map(({ seen, ...group }) => ({ ...group, pages: [...seen].sort((a, b) => a - b) }))
    .sort(
      (a, b) =>
        STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
        (a.resource ?? '').localeCompare(b.resource ?? ''),
    );
  return { runId, groups: ordered, unlisted: listings.reduce((sum, listing) => sum + listing.unlisted, 0) };
};

/** Reads every DLQ without consuming it and keeps the run's messages. */
export const readRunDeadLetters = async (deps: DeadLetterDeps, runId: string): Promise<RunDeadLetters> =>
  groupRunDeadLetters(await peekDeadLetters(deps), runId);

/** Pages of a resource in any DLQ, each page counted once per stage. */
export const deadLetteredPagesOf = (deadLetters: RunDeadLetters, resource: string): number =>
  deadLetters.groups
    .filter((group) => group.resource === resource)
    .reduce((sum, group) => sum + group.pages.length, 0);

/** Messages that name no page (a run request): each counts, since none is a page counted already. */
const pagelessOf = (group: DeadLetteredPages): number => (group.pages.length === 0 ? group.messages : 0);

const describeGroup = (group: DeadLetteredPages): string => {
  const what = group.resource ?? 'run request';
  if (group.pages.length === 0) return group.messages > 1 ? `${what} ×${group.messages}` : what;
  return `${what} ${group.pages.map((page) => `p${page}`).join(', ')}`;
};

/** `In DLQs: extract 2 (character p3, p7), load 1 (location p2)`: where the run's missing pages wait. */
export const formatRunDeadLetters = (deadLetters: RunDeadLetters): string => {
  const stages = STAGES.flatMap((stage) => {
    const groups = deadLetters.groups.filter((group) => group.stage === stage);
    if (groups.length === 0) return [];
    const count = groups.reduce((sum, group) => sum + group.pages.length + pagelessOf(group), 0);
    return [`${stage} ${count} (${groups.map(describeGroup).join('; ')})`];
  });
  const listed = stages.length === 0 ? 'none of this run' : stages.join(', ');
  const unlisted =
    deadLetters.unlisted === 0
      ? ''
      : ` (and ${deadLetters.unlisted} dead letters of any run not listed: in flight or past the limit)`;
  return `In DLQs: ${listed}${unlisted}`;
};
