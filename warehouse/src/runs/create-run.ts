import { toSqlDatetime } from '@sluice/contracts';
import { sluiceRuns } from '../schema.ts';
import type { Executor } from '../upsert.ts';

export interface NewRun {
  runId: string;
  pipeline: string;
  /** The resources the run extracts: how the ledger knows what to wait for. */
  resources: readonly string[];
  requestedAt: Date;
}

const rowOf = (run: NewRun) => ({
  runId: run.runId,
  pipeline: run.pipeline,
  requestedAt: toSqlDatetime(run.requestedAt),
  status: 'running',
  resources: run.resources.join(','),
});

/** Records a run asked for by an operator, before its request is sent. */
export const createRun = async (db: Executor, run: NewRun): Promise<void> => {
  await db.insert(sluiceRuns).values(rowOf(run));
};

/**
 * Records a run the ledger first hears of from one of its pages (a scheduled run: its rule sends a
 * message, nobody writes a row); a run already recorded is left as it is.
 */
export const recordRunIfNew = async (db: Executor, run: NewRun): Promise<void> => {
  await db.insert(sluiceRuns).ignore().values(rowOf(run));
};
