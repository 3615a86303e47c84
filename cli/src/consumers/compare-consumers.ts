import type { S3Client } from '@aws-sdk/client-s3';
import {
  type ConfigurationFingerprint,
  type Consumer,
  describeDifferences,
  listConsumers,
} from '@sluice/runtime';

/** A live consumer, and what in its configuration differs from ours (nothing: it does the same work). */
export interface ComparedConsumer extends Consumer {
  differences: string[];
}

/** The live consumers of the deployment, each compared with `own`. */
export const compareConsumers = async (
  platform: { s3: S3Client; bucket: string },
  own: ConfigurationFingerprint,
  now: Date = new Date(),
): Promise<ComparedConsumer[]> =>
  (await listConsumers(platform.s3, platform.bucket, { now })).map((consumer) => ({
    ...consumer,
    differences: describeDifferences(own, consumer),
  }));

export const foreignConsumersOf = (consumers: ComparedConsumer[]): ComparedConsumer[] =>
  consumers.filter((consumer) => consumer.differences.length > 0);
