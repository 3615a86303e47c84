import { createInterface } from 'node:readline/promises';
import { bucketName } from '@sluice/contracts';
import { createAwsClients, warehouseOf } from '@sluice/runtime';
import {
  connectWarehouse,
  planTableReset,
  resetPipelineTables,
  unfinishedRunsOf,
  type WarehouseDb,
  withDatabase,
} from '@sluice/warehouse';
import { Command } from 'commander';
import type { CliEnv } from '../config.ts';
import { pipelineNamed } from '../pipelines/pipeline-catalogue.ts';
import { jsonText, printRefusal } from '../reports/json-text.ts';
import { forgetStateObjects } from '../tables/forget-state-objects.ts';
import { describeTableReset, formatResetRefusal, formatResetResult } from '../tables/format-table-reset.ts';

interface ResetOptions {
  yes?: boolean;
  force?: boolean;
  json?: boolean;
}

/** Asks on the terminal; only `y` or `yes` goes on. */
const confirm = async (question: string): Promise<boolean> => {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
};

/**
 * Refuses while a run of the pipeline is under way: its loads would write into the tables being dropped,
 * or recreate them half-filled, and its cursors would move past rows that are gone. `--force` is for a
 * run that is stuck as running (its services gone) and will not end.
 */
const refuseDuringRuns = async (db: WarehouseDb, pipeline: string, force: boolean | undefined) => {
  if (force) return;
  const runs = await unfinishedRunsOf(db, pipeline);
  if (runs.length === 0) return;
  throw new Error(
    `pipeline ${pipeline} has a run under way (${runs.join(', ')}): wait for it, or \`npx sluice run cancel ${runs[0]}\`, then reset; --force resets all the same`,
  );
};

/**
 * `sluice tables reset <pipeline> [table…]`: for development, when a table's key or a column changed in a
 * way the loader refuses to apply. Drops the tables, forgets the cursors and page hashes that would make
 * the next run incremental, and creates the tables again from the file. Asks first; `--yes` where
 * nobody can be asked. Against AWS only with `--force` as well: that warehouse is not a sandbox; nor while
 * a run of the pipeline is under way, unless forced.
 */
export const tablesResetCommand = async (
  pipelineName: string,
  tables: readonly string[],
  env: CliEnv,
  options: ResetOptions,
) => {
  if (env.SLUICE_TARGET === 'aws' && !options.force) {
    throw new Error(
      'tables reset would drop tables of the warehouse in AWS (SLUICE_TARGET=aws); add --force to do it there',
    );
  }
  const pipeline = await pipelineNamed(env, pipelineName);
  const plan = planTableReset(pipeline, tables);
  const warehouse = connectWarehouse(withDatabase(env.DATABASE_URL), 1);
  try {
    await refuseDuringRuns(warehouse.db, pipeline.name, options.force);
    await confirmAndReset(env, pipeline, plan, warehouse, options);
  } finally {
    await warehouse.close();
  }
};

const confirmAndReset = async (
  env: CliEnv,
  pipeline: Awaited<ReturnType<typeof pipelineNamed>>,
  plan: ReturnType<typeof planTableReset>,
  warehouse: ReturnType<typeof connectWarehouse>,
  options: ResetOptions,
) => {
  const warehouseAddress = warehouseOf(env.DATABASE_URL);
  if (!options.yes) {
    if (!process.stdin.isTTY) {
      printRefusal(formatResetRefusal(plan, warehouseAddress), options);
      return;
    }
    if (!(await confirm(`${describeTableReset(plan, warehouseAddress)}\nReset? [y/N] `))) {
      printRefusal('Nothing reset.', options);
      return;
    }
  }
  const bucket = env.SLUICE_BUCKET ?? bucketName(env.SLUICE_PREFIX);
  const { s3, sqs } = createAwsClients(env);
  try {
    const result = await resetPipelineTables(warehouse.db, pipeline, plan);
    // After the warehouse, which is the truth: should this fail, the loader rewrites these copies
    // from it at the next complete run anyway.
    const stateObjects = await forgetStateObjects(s3, bucket, pipeline.name, plan.resources);
    process.stdout.write(
      options.json
        ? jsonText({ ...plan, warehouse: warehouseAddress, bucket, ...result, stateObjects })
        : `${formatResetResult(plan, { ...result, stateObjects }, { warehouse: warehouseAddress, bucket })}\n`,
    );
  } finally {
    s3.destroy();
    sqs.destroy();
  }
};

/** The `sluice tables` command; `reset` is its one subcommand so far. */
export const createTablesCommand = (readEnv: () => CliEnv): Command => {
  const tables = new Command('tables').description("a pipeline's warehouse tables").showHelpAfterError();
  tables
    .command('reset <pipeline> [tables...]')
    .description(
      "drop a pipeline's tables (all, or those named) and forget its cursors and page hashes, then create them again empty: the next run is a full one",
    )
    .option('--yes', 'reset without asking (needed when stdin is not a terminal)')
    .option(
      '--force',
      'reset even the warehouse in AWS (SLUICE_TARGET=aws), or while a run of the pipeline is under way',
    )
    .option('--json', 'print JSON')
    .action((pipeline: string, names: string[], options: ResetOptions) =>
      tablesResetCommand(pipeline, names, readEnv(), options),
    );
  return tables;
};
