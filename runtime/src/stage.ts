import type { SQSClient } from '@aws-sdk/client-sqs';
import { type MessageOf, parseMessage, type Stage } from '@sluice/contracts';
import type { PlatformEnv } from './env.ts';
import type { Logger } from './logger.ts';
import type { PollerOptions } from './poller.ts';
import type { QueueUrls } from './queues.ts';
import type { BatchHandler, BatchResults } from './settle-batch.ts';

/** What the runtime needs of a stage's dependencies: its queue, and the load queue for failure reports. */
export interface StageDeps<S extends Stage> {
  sqs: SQSClient;
  queues: Pick<QueueUrls, S | 'load'>;
}

/**
 * A stage, declared once: its name, its environment, how its dependencies are built, and its one core,
 * which takes a batch of validated messages and settles one result per message, in order (a rejection
 * fails that message alone: retried, or dead-lettered with its reason, by the failure policy). Both faces
 * come from it: the local poller (`runStagePoller`) and the Lambda handler (`createStageLambda`).
 */
export interface StageDefinition<S extends Stage, E extends PlatformEnv, D extends StageDeps<S>> {
  stage: S;
  /** The service's name in its log lines. */
  service: string;
  readEnv: () => E;
  createDeps: (env: E) => Promise<D>;
  handleBatch: (messages: MessageOf<S>[], deps: D) => Promise<BatchResults>;
  /** The local poller's shape: how many messages at once, how many consumers. */
  polling: (env: E) => Pick<PollerOptions, 'batchSize' | 'consumers' | 'stopTimeoutSeconds'>;
  /** Wraps the poller's batch handler (the loader holds its batch through a database outage). */
  holdInPoller?: (handle: BatchHandler, deps: D, log: Logger) => BatchHandler;
}

type Parsed<S extends Stage> = { message: MessageOf<S> } | { error: unknown };

/**
 * The stage's core as the faces call it: each body parsed against the stage's contract (a body that
 * does not parse fails alone, as a contract error that is dead-lettered at once), the valid ones handed
 * to the core as one batch, and the results put back in the order of the batch.
 */
export const batchHandlerOf =
  <S extends Stage, E extends PlatformEnv, D extends StageDeps<S>>(
    definition: StageDefinition<S, E, D>,
    deps: D,
  ): BatchHandler =>
  async (received) => {
    const parsed = received.map((message): Parsed<S> => {
      try {
        return { message: parseMessage(definition.stage, message.body) };
      } catch (error) {
        return { error };
      }
    });
    const valid = parsed.flatMap((entry) => ('message' in entry ? [entry.message] : []));
    const results = valid.length > 0 ? await definition.handleBatch(valid, deps) : [];
    let next = 0;
    return parsed.map((entry): PromiseSettledResult<Record<string, unknown>> => {
      if ('error' in entry) return { status: 'rejected', reason: entry.error };
      return results[next++] ?? { status: 'rejected', reason: new Error('the core settled no result') };
    });
  };
