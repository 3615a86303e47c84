import { type DestinationTable, HISTORY_WRITE_MODES } from '@sluice/contracts/pipeline-definition';
import { sql } from 'drizzle-orm';
import type { WarehouseDb } from '../connect.ts';
import { createFactTable, createScd2Table } from '../history/create-tables.ts';
import { dimensionSpecOf, factSpecOf } from '../history/declared-specs.ts';
import { dimensionOf } from '../history/dimension-spec.ts';
import { factOf } from '../history/fact-spec.ts';
import { type HistoryPlan, planDimensionChanges, planFactChanges } from '../history/plan-history-changes.ts';
import { readLiveTable } from './live-table.ts';
import { planTableChanges, type TablePlan } from './plan-table-changes.ts';
import { SchemaChangeRefused } from './schema-change-refused.ts';
import { currentDatabase, firstRow, onOneConnection, tableExists, withSchemaLock } from './schema-session.ts';

export interface ApplyOptions {
  /** How long to wait for another loader's schema changes; a table rebuild can take minutes. */
  lockTimeoutSeconds?: number;
}

const planAll = async (db: WarehouseDb, database: string, tables: Record<string, DestinationTable>) => {
  const plans: [string, TablePlan][] = [];
  for (const [name, declared] of Object.entries(tables)) {
    if (HISTORY_WRITE_MODES.includes(declared.writeMode)) continue;
    plans.push([name, planTableChanges(name, declared, await readLiveTable(db, database, name))]);
  }
  return plans;
};

const tableComment = async (db: WarehouseDb, database: string, name: string) =>
  (
    await firstRow<{ comment: string | null }>(
      db,
      sql`select table_comment as comment from information_schema.tables where table_schema = ${database} and table_name = ${name}`,
    )
  )?.comment ?? null;

/**
 * The history tables already in the warehouse against their declarations (history/plan-history-changes):
 * what to add or widen, and what cannot be changed under existing versions and facts.
 */
const planHistory = async (
  db: WarehouseDb,
  database: string,
  destination: Record<string, DestinationTable>,
): Promise<HistoryPlan[]> => {
  const plans: HistoryPlan[] = [];
  for (const name of Object.keys(destination)) {
    const dimension = dimensionSpecOf(name, destination[name]);
    const fact = dimension ? null : factSpecOf(destination, name);
    const live = dimension || fact ? await readLiveTable(db, database, name) : null;
    if (!live) continue;
    if (dimension) {
      const declared = dimensionOf(dimension);
      const changes = await readLiveTable(db, database, declared.changes);
      plans.push(planDimensionChanges(declared, live, changes, await tableComment(db, database, name)));
    } else if (fact) {
      plans.push(planFactChanges(factOf(fact), live));
    }
  }
  return plans;
};

/**
 * Dimensions and facts through the history library, dimensions first (a fact creates those it points
 * into anyway). `if not exists`: a changed declaration is not applied (history/README.md, what is left).
 * Returns the tables that were missing.
 */
const createHistoryTables = async (
  db: WarehouseDb,
  database: string,
  destination: Record<string, DestinationTable>,
): Promise<string[]> => {
  const created: string[] = [];
  const names = Object.keys(destination).sort(
    (a, b) => Number(destination[a]?.writeMode === 'fact') - Number(destination[b]?.writeMode === 'fact'),
  );
  for (const name of names) {
    const dimension = dimensionSpecOf(name, destination[name]);
    const fact = dimension ? null : factSpecOf(destination, name);
    if (!dimension && !fact) continue;
    if (!(await tableExists(db, database, name))) created.push(name);
    if (dimension) await createScd2Table(db, dimension);
    if (fact) await createFactTable(db, fact);
  }
  return created;
};

/**
 * Creates missing tables and makes the additive changes (new columns and indexes, safe widenings) under a
 * named lock, so several loaders starting at once do not race. Every refusal, across all tables, is
 * reported before anything is changed. `changed` lists one readable line a change to an existing table.
 */
export const applyDestination = (
  db: WarehouseDb,
  pipeline: { name: string; destination: Record<string, DestinationTable> },
  { lockTimeoutSeconds = 300 }: ApplyOptions = {},
): Promise<{ created: string[]; changed: string[] }> =>
  onOneConnection(db, async (connection) => {
    const database = await currentDatabase(connection);
    return withSchemaLock(connection, database, lockTimeoutSeconds, async () => {
      const plans = await planAll(connection, database, pipeline.destination);
      const historyPlans = await planHistory(connection, database, pipeline.destination);
      const refusals = [
        ...plans.flatMap(([, plan]) => plan.refusals),
        ...historyPlans.flatMap((plan) => plan.refusals),
      ];
      if (refusals.length > 0) throw new SchemaChangeRefused(pipeline.name, refusals);
      for (const [, plan] of plans) {
        for (const statement of plan.statements) await connection.execute(statement);
      }
      // After the creates: a fact's new lookup is pointed at its dimension's versions, so the dimension
      // must exist (it may be new itself).
      const history = await createHistoryTables(connection, database, pipeline.destination);
      for (const plan of historyPlans) {
        for (const statement of plan.statements) await connection.execute(statement);
      }
      return {
        created: [...plans.filter(([, plan]) => plan.create).map(([name]) => name), ...history],
        changed: [
          ...plans.flatMap(([, plan]) => (plan.create ? [] : plan.changes)),
          ...historyPlans.flatMap((plan) => plan.changes),
        ],
      };
    });
  });
