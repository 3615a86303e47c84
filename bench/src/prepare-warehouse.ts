import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { applyDestination, connectWarehouse, migrateWarehouse } from '@sluice/warehouse';

/**
 * A database with Sluice's bookkeeping tables and the pipeline's warehouse tables, as `sluice stack up`
 * prepares one: created before anything is timed, so no measured load pays for the DDL.
 */
export const prepareWarehouse = async (databaseUrl: string, pipeline: PipelineDefinition): Promise<void> => {
  await migrateWarehouse(databaseUrl);
  const warehouse = connectWarehouse(databaseUrl, 1);
  try {
    await applyDestination(warehouse.db, pipeline);
  } finally {
    await warehouse.close();
  }
};
