export { DELETED_RECORD, deletedRecordLine, isDeletedRecord } from './deleted-record.ts';
export { ContractError } from './errors.ts';
export { failureReportOf } from './failure-report.ts';
export type { KeyArea, PageAddress, SnapshotAddress } from './keys.ts';
export {
  cancelledRunKey,
  cursorStateKey,
  KEY_AREAS,
  pageStatesKey,
  pagesOfStagedKey,
  runPrefix,
  snapshotChangesKey,
  snapshotKeysKey,
  snapshotManifestKey,
  snapshotPageKey,
  snapshotTablePrefix,
  stagedPagesKey,
  stagingKey,
} from './keys.ts';
export { bundleBody, MESSAGE_BUNDLE_TYPE, messagesOfBundle } from './message-bundle.ts';
export type {
  ExtractMessage,
  LoadMessage,
  PageFailed,
  PageRequested,
  PageSkipped,
  PageStaged,
  PageTransformed,
  RunRequested,
  RunScheduled,
  ScheduledRun,
} from './messages.ts';
export {
  ExtractMessageSchema,
  LoadMessageSchema,
  MESSAGE_SCHEMAS,
  MESSAGE_VERSION,
  PageFailedSchema,
  PageRequestedSchema,
  PageSkippedSchema,
  PageStagedSchema,
  PageTransformedSchema,
  RunRequestedSchema,
  RunScheduledSchema,
  ScheduledRunSchema,
} from './messages.ts';
export type { MetricName } from './metrics.ts';
export { METRIC_DIMENSIONS, METRIC_UNITS, metricsNamespaceOf, NO_PIPELINE } from './metrics.ts';
export type { MysqlPagePosition, SnapshotBase, SnapshotDiffPosition } from './mysql-page-url.ts';
export { isMysqlPageUrl, mysqlPageUrl, readMysqlPageUrl } from './mysql-page-url.ts';
export type { RunId, Stage } from './names.ts';
export {
  bucketName,
  deadLetterQueueName,
  newRunId,
  PipelineNameSchema,
  queueName,
  ResourceNameSchema,
  RunIdSchema,
  STAGES,
  scheduledRunId,
  scheduleRuleName,
} from './names.ts';
export type { PageOfRun } from './page-groups.ts';
export { groupPagesOfRun, writeInGroupsOfRun } from './page-groups.ts';
export type { CursorState, PageStates } from './page-state.ts';
export { compareCursors, maxCursor, sha256Hex } from './page-state.ts';
export type { MessageOf } from './parse.ts';
export { parseJson, parseMessage } from './parse.ts';
export { isPlainObject } from './plain-object.ts';
export type { RunRequest } from './run-request.ts';
export { runRequested } from './run-request.ts';
export type { TraceFields } from './trace-context.ts';
export { TRACEPARENT_PATTERN, traceFields } from './trace-context.ts';
export type { UnparsedValue } from './unparsed-value.ts';
export { readUnparsed, UNPARSED, unparsedValue } from './unparsed-value.ts';
export type {
  ProcessedPage,
  ProcessedPages,
  RawPages,
  RejectedPage,
  RejectedRecord,
  ReplaceScope,
  Row,
  SqlValue,
} from './warehouse-rows.ts';
export {
  ProcessedObjectSchema,
  ProcessedPageSchema,
  ProcessedPagesSchema,
  RawPagesSchema,
  RejectedPageSchema,
  RejectedRecordSchema,
  ReplaceScopeSchema,
  RowSchema,
  SqlValueSchema,
  toSqlDatetime,
} from './warehouse-rows.ts';
