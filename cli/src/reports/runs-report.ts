import { RunIdSchema } from '@sluice/contracts';
import {
  listRuns,
  RUN_STATUSES,
  type RunListFilter,
  type RunListing,
  runRequestedAt,
  type WarehouseDb,
} from '@sluice/warehouse';
import { countOption, OptionValueError } from '../option-values.ts';
import { runSecondsOf } from './run-seconds.ts';

/** How many runs a listing shows unless told otherwise. */
export const DEFAULT_RUN_LIMIT = 50;

/** A run as listed, with how long it took once it has ended. */
export interface ListedRun extends RunListing {
  /** From request to end; null while it has not ended. */
  seconds: number | null;
}

/** What `sluice runs --json` prints and the console's `/api/runs` serves. */
export interface RunsReport {
  runs: ListedRun[];
  /** What `--before` (or the console's `?before=`) takes for the runs after these; null when none is left. */
  next: string | null;
}

/** A listing's filter as asked: `before` a run id or a time, not yet resolved against the ledger. */
export interface RunsQuery extends Omit<RunListFilter, 'before'> {
  before?: string;
}

/**
 * The filter of a runs listing from `--pipeline`, `--status` and `--limit` (or the console's query
 * string), checked: an unknown status says which there are.
 */
export const runFilterOf = (options: {
  pipeline?: string | undefined;
  status?: string | undefined;
  limit?: string | undefined;
  before?: string | undefined;
}): RunsQuery => {
  const { pipeline, status, limit, before } = options;
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new OptionValueError(
      `--status ${status} is not a run status: give one of ${RUN_STATUSES.join(', ')}`,
    );
  }
  return {
    ...(pipeline ? { pipeline } : {}),
    ...(status ? { status } : {}),
    limit: limit === undefined ? DEFAULT_RUN_LIMIT : countOption(limit, '--limit'),
    ...(before ? { before } : {}),
  };
};

/** `2026-11-25T15:18:41Z`, `2026-11-25 15:18:41.123` (UTC) or a date, as the warehouse keeps times. */
const warehouseTimeOf = (time: string): string | undefined => {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(time)
    ? `${time}T00:00:00Z`
    : /[zZ]|[+-]\d{2}:?\d{2}$/.test(time)
      ? time.replace(' ', 'T')
      : `${time.replace(' ', 'T')}Z`;
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString().replace('T', ' ').replace('Z', '');
};

/** `--before` as the ledger's keyset: a run's own (time, id), or a time alone. */
const resolveBefore = async (db: WarehouseDb, before: string): Promise<RunListFilter['before']> => {
  if (RunIdSchema.safeParse(before).success) {
    const requestedAt = await runRequestedAt(db, before);
    if (requestedAt === undefined)
      throw new OptionValueError(`--before ${before}: no such run in the warehouse (DATABASE_URL)`);
    return { requestedAt, runId: before };
  }
  const requestedAt = warehouseTimeOf(before);
  if (requestedAt === undefined)
    throw new OptionValueError(
      `--before ${before} is neither a run id (20261125T150135Z-3fa9c2) nor a time (2026-11-25T15:01:35Z)`,
    );
  return { requestedAt };
};

/**
 * The newest runs first, as the filter says, a page of `limit` at a time: `next` names the last run
 * listed when the page is full, for the next page to start after it.
 */
export const readRunsReport = async (db: WarehouseDb, query: RunsQuery): Promise<RunsReport> => {
  const { before, ...filter } = query;
  const resolved = before === undefined ? {} : { before: await resolveBefore(db, before) };
  const runs = (await listRuns(db, { ...filter, ...resolved })).map((run) => ({
    ...run,
    seconds: runSecondsOf(run),
  }));
  const last = runs.at(-1);
  return { runs, next: last && runs.length === filter.limit ? last.runId : null };
};
