import { type DestinationTable, HISTORY_WRITE_MODES } from '@sluice/contracts/pipeline-definition';
import type { WarehouseDb } from '../connect.ts';
import { createFactTable, createScd2Table } from '../history/create-tables.ts';
import { dimensionSpecOf, factSpecOf } from '../history/declared-specs.ts';
import { readLiveTable } from './live-table.ts';
import { planTableChanges, type TablePlan } from './plan-table-changes.ts';
import { SchemaChangeRefused } from './schema-change-refused.ts';
import { currentDatabase, onOneConnection, tableExists, withSchemaLock } from './schema-session.ts';

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
      const refusals = plans.flatMap(([, plan]) => plan.refusals);
      if (refusals.length > 0) throw new SchemaChangeRefused(pipeline.name, refusals);
      for (const [, plan] of plans) {
        for (const statement of plan.statements) await connection.execute(statement);
      }
      const history = await createHistoryTables(connection, database, pipeline.destination);
      return {
        created: [...plans.filter(([, plan]) => plan.create).map(([name]) => name), ...history],
        changed: plans.flatMap(([, plan]) => (plan.create ? [] : plan.changes)),
      };
    });
  });
