export type { Warehouse, WarehouseDb } from './connect.ts';
export { connectWarehouse } from './connect.ts';
export {
  DATABASE_URL_FORM,
  DatabaseUrlSchema,
  databaseNameOf,
  withDatabase,
} from './database-name.ts';
export { isDatabaseOutage } from './database-outage.ts';
export { DEFAULT_DATABASE_URL, RDS_TLS_PROFILE, resolveDatabaseUrl } from './database-url.ts';
export type {
  ApplyDimensionOptions,
  DimensionCounts,
  DimensionLookup,
  DimensionResult,
  DimensionSpec,
  FactResult,
  FactSpec,
  MissingMemberPolicy,
  Observation,
  RejectedFact,
} from './history/index.ts';
export {
  applyDimensionObservations,
  applyFacts,
  createFactTable,
  createScd2Table,
  DEFAULT_LOW_DATE,
  deleteFacts,
  dependentFactsOf,
  dimensionSpecOf,
  FAR_FUTURE,
  factSpecOf,
  HistoryValueError,
  MISSING_MEMBER_POLICIES,
  UNKNOWN_MEMBER_SK,
} from './history/index.ts';
export { migrateWarehouse } from './migrate.ts';
export type { CancelOutcome } from './runs/cancel-run.ts';
export { cancelRun } from './runs/cancel-run.ts';
export type { CompletedResource, RunResource } from './runs/complete-resource.ts';
export { completeResource } from './runs/complete-resource.ts';
export type { NewRun } from './runs/create-run.ts';
export { createRun, recordRunIfNew } from './runs/create-run.ts';
export type { ResourceCursor } from './runs/cursors.ts';
export { readCursors } from './runs/cursors.ts';
export type { ResourcePages, RunFailure } from './runs/decide-run-status.ts';
export { decideRunStatus, isOverRejected } from './runs/decide-run-status.ts';
export { isoTimeOf, isoTimeOrNull } from './runs/iso-time.ts';
export type { RunListFilter, RunListing } from './runs/list-runs.ts';
export { listRuns, runRequestedAt } from './runs/list-runs.ts';
export type { LoadClaim } from './runs/load-ledger.ts';
export { claimLoads } from './runs/load-ledger.ts';
export type { LoadedPageContent, PageRecord } from './runs/page-records.ts';
export { isPageRecorded, loadedContentHash, recordPageStates, recordPages } from './runs/page-records.ts';
export { recordPageFailure, recordStalledRun } from './runs/record-failure.ts';
export type { RunPage, RunPageDetail, RunPageWindow } from './runs/run-pages.ts';
export { readRunPage, readRunPages } from './runs/run-pages.ts';
export type { ResourceProgress, RunProgress } from './runs/run-progress.ts';
export { readRunFailures, readRunProgress } from './runs/run-progress.ts';
export type { RunStatus } from './runs/run-status.ts';
export { FINAL_STATUSES, isFinalStatus, RUN_STATUSES } from './runs/run-status.ts';
export { runsAwaitingSettlement, settleRun } from './runs/settle-run.ts';
export { unfinishedRunsOf } from './runs/unfinished-runs.ts';
export * as warehouseSchema from './schema.ts';
export type {
  ApplyOptions,
  DeclaredDrizzleTable,
  TablePlan,
  TableResetPlan,
  TableResetResult,
} from './tables/index.ts';
export {
  applyDestination,
  drizzleTableOf,
  planTableChanges,
  planTableReset,
  resetPipelineTables,
  SchemaChangeRefused,
  UnknownTableError,
} from './tables/index.ts';
export { isRestartableTransactionError, retryTransaction } from './transaction-retry.ts';
export type { Executor } from './upsert.ts';
export { insertRows, replaceChildRows, UPSERT_CHUNK_SIZE, upsertRows, upsertStatement } from './upsert.ts';
