import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { WarehouseDb } from '../connect.ts';
import { sluiceCursors, sluicePageState } from '../schema.ts';
import { applyDestination } from './apply-destination.ts';
import type { TableResetPlan } from './plan-table-reset.ts';
import { currentDatabase, onOneConnection, tableExists, withSchemaLock } from './schema-session.ts';

export interface TableResetResult {
  /** The tables that existed and were dropped. */
  dropped: string[];
  /** The tables created again, empty, from the pipeline's declaration. */
  created: string[];
  /** Rows forgotten: the resources' high-water marks and the content hashes of their pages. */
  cursors: number;
  pageStates: number;
}

const affectedRows = (result: unknown): number =>
  (result as [{ affectedRows?: number }])[0]?.affectedRows ?? 0;

/**
 * Drops the plan's tables and forgets its resources' cursors and page hashes, under the schema lock a
 * loader takes to create or evolve tables, then creates the tables again from the declaration as it is
 * now (a changed key included). Forgetting the bookkeeping is what makes the next run a full one: its
 * pages are neither skipped as unchanged nor asked only for what changed since a cursor. The runs' own
 * history (sluice_runs, sluice_run_pages, the load ledger) stays: it describes what happened.
 */
export const resetPipelineTables = async (
  db: WarehouseDb,
  pipeline: Pick<PipelineDefinition, 'name' | 'destination'>,
  plan: TableResetPlan,
  { lockTimeoutSeconds = 300 }: { lockTimeoutSeconds?: number } = {},
): Promise<TableResetResult> => {
  const forgotten = await onOneConnection(db, async (connection) => {
    const database = await currentDatabase(connection);
    return withSchemaLock(connection, database, lockTimeoutSeconds, async () => {
      const dropped: string[] = [];
      for (const table of plan.drops) {
        if (!(await tableExists(connection, database, table))) continue;
        await connection.execute(sql`drop table ${sql.identifier(table)}`);
        dropped.push(table);
      }
      if (plan.resources.length === 0) return { dropped, cursors: 0, pageStates: 0 };
      const cursors = await connection
        .delete(sluiceCursors)
        .where(
          and(eq(sluiceCursors.pipeline, pipeline.name), inArray(sluiceCursors.resource, plan.resources)),
        );
      const pageStates = await connection
        .delete(sluicePageState)
        .where(
          and(eq(sluicePageState.pipeline, pipeline.name), inArray(sluicePageState.resource, plan.resources)),
        );
      return { dropped, cursors: affectedRows(cursors), pageStates: affectedRows(pageStates) };
    });
  });
  // After the lock is released: applyDestination takes it again, on a connection of its own.
  const { created } = await applyDestination(db, pipeline, { lockTimeoutSeconds });
  return { ...forgotten, created };
};
