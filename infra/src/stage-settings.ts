import type { Stage } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';

export interface StageSettings {
  /** The service that consumes the stage's queue; also names its function, `<prefix>-<service>`. */
  service: 'extractor' | 'transformer' | 'loader';
  timeout: Duration;
  /** Memory buys CPU in Lambda; cold starts of a bundled Node function are CPU-bound. */
  memorySize: number;
  /** How long Lambda gathers messages before invoking; unset invokes as soon as messages arrive. */
  batchingWindow?: Duration;
  /** Upper bound on concurrent invocations from the queue (at least 2, AWS's minimum); none when unset. */
  maxConcurrency?: number;
}

/**
 * One table for everything the three stages tune, so the queue settings that depend on the function's
 * (visibility timeout) are derived from the same numbers.
 */
export const STAGE_SETTINGS: Record<Stage, StageSettings> = {
  extract: {
    service: 'extractor',
    timeout: Duration.seconds(60),
    memorySize: 512,
    // Each invocation fetches up to 10 pages at once: two invocations keep at most 20 requests in flight
    // against the source API, about what two local pollers do, and stay clear of its rate limit.
    maxConcurrency: 2,
  },
  transform: {
    service: 'transformer',
    timeout: Duration.seconds(60),
    memorySize: 512,
  },
  load: {
    service: 'loader',
    timeout: Duration.seconds(60),
    memorySize: 512,
    // Fuller batches mean fewer invocations, each opening its connections to the database once.
    batchingWindow: Duration.seconds(5),
    // The database is the bottleneck. Powertools' BatchProcessor handles a batch's records concurrently, one
    // pooled connection each, so 4 invocations need at most 40 connections: well under a db.t4g.micro's ~60
    // `max_connections`, with room for the migration and an operator. This is the event source's
    // `maxConcurrency`, not reserved concurrency: when Lambda throttles a function fed by SQS, the messages go
    // back to the queue with a receive counted against maxReceiveCount, so a busy night could dead-letter
    // healthy pages, whereas `maxConcurrency` just stops polling. Reserved concurrency would not even deploy
    // on a new account, whose whole quota can be 10 while Lambda keeps at least 100 unreserved.
    maxConcurrency: 4,
  },
};

/** The most one SQS receive returns, and what the loader's connection arithmetic above assumes. */
export const BATCH_SIZE = 10;

/**
 * AWS's rule for a queue feeding a Lambda: visibility timeout at least six times the function's timeout
 * (plus the batching window), so a message whose invocation is throttled and retried is not handed to a
 * second invocation while the first still holds it.
 */
export const visibilityTimeoutFor = (settings: StageSettings): Duration =>
  Duration.seconds(settings.timeout.toSeconds() * 6 + (settings.batchingWindow?.toSeconds() ?? 0));
