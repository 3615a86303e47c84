import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type MessageOf, parseMessage, type Stage } from '@sluice/contracts';
import type { CancelledRuns } from './cancelled-runs.ts';
import type { PlatformEnv } from './env.ts';
import type { Logger } from './logger.ts';
import type { PollerOptions } from './poller.ts';
import type { QueueUrls } from './queues.ts';
import type { BatchHandler, BatchResults } from './settle-batch.ts';
import { bindMessageTrace } from './telemetry/message-trace.ts';
import type { MessageMetrics } from './telemetry/metrics.ts';

/**
 * What the runtime needs of a stage's dependencies: its queue, the load queue for failure reports, and
 * the bucket where `sluice run cancel` leaves its marks.
 */
export interface StageDeps<S extends Stage> {
  s3: S3Client;
  bucket: string;
  sqs: SQSClient;
  queues: Pick<QueueUrls, S | 'load'>;
}

/**
 * A stage, declared once: its name, its environment, how its dependencies are built, and its one core,
 * which takes a batch of validated messages and settles one result per message, in order (a rejection
 * fails that message alone: retried, or dead-lettered with its reason, by the failure policy). Both faces
 * come from it: the local poller (`runStagePoller`) and the Lambda handler (`createStageLambda`).
 */
export interface StageDefinition<
  S extends Stage,
  E extends PlatformEnv,
  D extends StageDeps<S>,
  R extends Record<string, unknown> = Record<string, unknown>,
> {
  stage: S;
  /** The service's name in its log lines. */
  service: string;
  readEnv: () => E;
  createDeps: (env: E) => Promise<D>;
  handleBatch: (messages: MessageOf<S>[], deps: D) => Promise<PromiseSettledResult<R>[]>;
  /**
   * What a handled message adds to the metrics (telemetry/metrics.ts) besides those every stage counts
   * (messages handled, pages dead-lettered, handling time).
   */
  metricsOf?: (result: R) => MessageMetrics;
  /** The local poller's shape: how many messages at once, how many consumers. */
  polling: (env: E) => Pick<PollerOptions, 'batchSize' | 'consumers' | 'stopTimeoutSeconds'>;
  /** Closes what the dependencies hold open (connection pools), once the poller has stopped. */
  closeDeps?: (deps: D) => Promise<void>;
  /** Wraps the poller's batch handler (the loader holds its batch through a database outage). */
  holdInPoller?: (handle: BatchHandler, deps: D, log: Logger) => BatchHandler;
}

type Parsed<S extends Stage> = { message: MessageOf<S> } | { cancelled: string } | { error: unknown };

/** A message's run, where it names one (a schedule's event names none yet). */
const runOf = (message: object): string | undefined =>
  'runId' in message && typeof message.runId === 'string' ? message.runId : undefined;

/**
 * The stage's core as the faces call it: each body parsed against the stage's contract (a body that
 * does not parse fails alone, as a contract error that is dead-lettered at once) and tied to the span it
 * is handled in (telemetry/message-trace.ts); a message of a cancelled run is acknowledged and counted
 * without its work; the others are handed to the core as one batch, and the results put back in the order
 * of the batch, each with what it adds to the stage's metrics.
 */
export const batchHandlerOf =
  <S extends Stage, E extends PlatformEnv, D extends StageDeps<S>, R extends Record<string, unknown>>(
    definition: StageDefinition<S, E, D, R>,
    deps: D,
    cancelledRuns: CancelledRuns = async () => false,
  ): BatchHandler =>
  async (received) => {
    const parsed = await Promise.all(
      received.map(async (message): Promise<Parsed<S>> => {
        try {
          const valid = parseMessage(definition.stage, message.body);
          bindMessageTrace(valid, message.trace);
          const runId = runOf(valid);
          return runId && (await cancelledRuns(runId)) ? { cancelled: runId } : { message: valid };
        } catch (error) {
          return { error };
        }
      }),
    );
    const valid = parsed.flatMap((entry) => ('message' in entry ? [entry.message] : []));
    const results = valid.length > 0 ? await definition.handleBatch(valid, deps) : [];
    let next = 0;
    return parsed.map((entry): BatchResults[number] => {
      if ('error' in entry) return { status: 'rejected', reason: entry.error };
      if ('cancelled' in entry)
        return { status: 'fulfilled', value: { runId: entry.cancelled, cancelled: true } };
      const result = results[next++];
      if (!result) return { status: 'rejected', reason: new Error('the core settled no result') };
      if (result.status === 'rejected' || !definition.metricsOf) return result;
      return { ...result, metrics: definition.metricsOf(result.value) };
    });
  };
