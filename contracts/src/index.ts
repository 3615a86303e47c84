export { ContractError } from './errors.ts';
export type { KeyArea, PageAddress } from './keys.ts';
export { KEY_AREAS, runPrefix, stagingKey } from './keys.ts';
export type {
  ExtractMessage,
  PageRequested,
  PageStaged,
  PageTransformed,
  RunRequested,
  ScheduledRun,
} from './messages.ts';
export {
  ExtractMessageSchema,
  MESSAGE_SCHEMAS,
  MESSAGE_VERSION,
  PageRequestedSchema,
  PageStagedSchema,
  PageTransformedSchema,
  RunRequestedSchema,
  ScheduledRunSchema,
} from './messages.ts';
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
} from './names.ts';
export type { MessageOf } from './parse.ts';
export { parseJson, parseMessage } from './parse.ts';
export type { PipelineName } from './pipelines.ts';
export { isPipelineName, PIPELINES } from './pipelines.ts';
export type {
  CharacterEpisodeRow,
  CharacterRow,
  EpisodeRow,
  LocationRow,
  ProcessedPage,
  RejectedPage,
  RejectedRecord,
  WarehouseRow,
  WarehouseTable,
} from './warehouse-rows.ts';
export {
  CHILD_TABLES,
  CharacterEpisodeRowSchema,
  CharacterRowSchema,
  EpisodeRowSchema,
  LocationRowSchema,
  ProcessedPageSchema,
  RejectedPageSchema,
  RejectedRecordSchema,
  toSqlDatetime,
  WAREHOUSE_ROW_SCHEMAS,
} from './warehouse-rows.ts';
