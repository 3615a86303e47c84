import type { S3Client } from '@aws-sdk/client-s3';
import type { CliEnv } from '../config.ts';
import { type ComparedConsumer, compareConsumers } from '../consumers/compare-consumers.ts';
import { fingerprintOfServices } from '../consumers/services-fingerprint.ts';

/**
 * What `sluice consumers --json` prints and the console's `/api/consumers` serves: the live consumers of
 * the deployment's queues, each compared with the configuration `sluice services` would have here.
 */
export const readConsumersReport = async (
  platform: { s3: S3Client; bucket: string },
  env: CliEnv,
): Promise<ComparedConsumer[]> => compareConsumers(platform, await fingerprintOfServices(env));
