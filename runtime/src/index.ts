export type { AwsClients } from './aws-clients.ts';
export { awsClientConfig, createAwsClients } from './aws-clients.ts';
export type { BootstrapResult } from './bootstrap.ts';
export { bootstrapResources, MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT_SECONDS } from './bootstrap.ts';
export type { CancelledRuns } from './cancelled-runs.ts';
export { createCancelledRuns } from './cancelled-runs.ts';
export type { ConfigurationFingerprint } from './configuration-fingerprint.ts';
export {
  describeDifferences,
  fingerprintConfiguration,
  fingerprintOfProcess,
  variablesNamedBy,
  warehouseOf,
} from './configuration-fingerprint.ts';
export type { ConnectionSettings } from './connection-failure.ts';
export {
  addressOf,
  describeConnectionFailure,
  explainConnectionFailure,
  isClosedConnection,
  LOCAL_STACK_HINT,
} from './connection-failure.ts';
export type { Announcement, AnnounceOptions, Consumer, ConsumerRecord } from './consumer-registry.ts';
export {
  announceConsumer,
  CONSUMERS_PREFIX,
  consumerKey,
  DEFAULT_HEARTBEAT_SECONDS,
  listConsumers,
} from './consumer-registry.ts';
export { DEAD_LETTER_ATTRIBUTES, sendToDeadLetter } from './dead-letter.ts';
export type { PlatformEnv } from './env.ts';
export { failurePolicyFrom, PlatformEnvSchema, pollingFrom, readEnv } from './env.ts';
export { errorChainOf } from './error-chain.ts';
export { ConfigError, describeError, isRetryable, SluiceError, StagedObjectMissingError } from './errors.ts';
export type { FailedMessage, FailureContext, StageHandlerOptions } from './failure-policy.ts';
export { backoffSeconds, failureContextOf, settleFailedMessage } from './failure-policy.ts';
export type { Logger } from './logger.ts';
export { createLogger, silentLogger } from './logger.ts';
export { unbundle } from './message-bundles.ts';
export { deleteObjectKeys, listFolderNames, listObjectKeys } from './object-listing.ts';
export { onceByKey } from './once-by-key.ts';
export type { Outbox } from './outbox.ts';
export { createOutbox } from './outbox.ts';
export type { PipelineCatalogue } from './pipeline-catalogue.ts';
export { catalogueOf, loadPipelineCatalogue, pipelinesDirOf } from './pipeline-catalogue.ts';
export type { Poller, PollerOptions } from './poller.ts';
export { startPoller } from './poller.ts';
export type { QueueUrls, StageQueues } from './queues.ts';
export { QUEUE_URL_VARIABLES, resolveQueueUrls, sendMessage, sendMessages } from './queues.ts';
export type {
  BatchHandler,
  BatchResults,
  HandledResult,
  ReceivedMessage,
  Settlement,
} from './settle-batch.ts';
export { settleBatch } from './settle-batch.ts';
export type { SqsLambdaHandler, SqsLambdaOptions } from './sqs-lambda.ts';
export { createSqsLambdaHandler } from './sqs-lambda.ts';
export type { StageDefinition, StageDeps } from './stage.ts';
export { batchHandlerOf } from './stage.ts';
export { createStageLambda, runStagePoller } from './stage-faces.ts';
export type { StagedObject } from './staged-objects.ts';
export { getStagedObject, putJsonObject, putStagedObject } from './staged-objects.ts';
export { readStateObject, writeStateObject } from './state-objects.ts';
export { stopOnSignals } from './stop-on-signals.ts';
export type { MessageLogFields, StageTelemetry } from './telemetry/message-telemetry.ts';
export type { MessageTrace } from './telemetry/message-trace.ts';
export { messageTraceOf, withMessageSpans } from './telemetry/message-trace.ts';
export type { MessageMetrics, MetricsOutput } from './telemetry/metrics.ts';
export { emfLineOf } from './telemetry/metrics.ts';
export type { Tracing } from './telemetry/tracing.ts';
export { idsOnlyTracing, startTracing } from './telemetry/tracing.ts';
