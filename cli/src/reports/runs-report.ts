import {
  listRuns,
  RUN_STATUSES,
  type RunListFilter,
  type RunListing,
  type WarehouseDb,
} from '@sluice/warehouse';
import { countOption, OptionValueError } from '../option-values.ts';

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
}

/**
 * The filter of a runs listing from `--pipeline`, `--status` and `--limit` (or the console's query
 * string), checked: an unknown status says which there are.
 */
export const runFilterOf = (options: {
  pipeline?: string;
  status?: string;
  limit?: string;
}): RunListFilter => {
  const { pipeline, status, limit } = options;
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new OptionValueError(
      `--status ${status} is not a run status: give one of ${RUN_STATUSES.join(', ')}`,
    );
  }
  return {
    ...(pipeline ? { pipeline } : {}),
    ...(status ? { status } : {}),
    limit: limit === undefined ? DEFAULT_RUN_LIMIT : countOption(limit, '--limit'),
  };
};

/** The warehouse keeps UTC times as `2026-11-25 15:18:41.123`. */
const millisOf = (time: string): number => Date.parse(`${time.replace(' ', 'T')}Z`);

const secondsOf = (run: RunListing): number | null =>
  run.finishedAt === null
    ? null
    : Math.round((millisOf(run.finishedAt) - millisOf(run.requestedAt)) / 100) / 10;

/** The newest runs first, as the filter says. */
export const readRunsReport = async (db: WarehouseDb, filter: RunListFilter): Promise<RunsReport> => ({
  runs: (await listRuns(db, filter)).map((run) => ({ ...run, seconds: secondsOf(run) })),
});
