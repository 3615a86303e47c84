import type { S3Client } from '@aws-sdk/client-s3';
import type { CliEnv } from '../config.ts';
import { type ComparedConsumer, compareConsumers } from '../consumers/compare-consumers.ts';
import { fingerprintOfServices } from '../consumers/services-fingerprint.ts';

/**
 * What `sluice consumers --json` prints and the console's `/api/consumers` serves: the live consumers of
 * the deployment's queues, each compared with the configuration `sluice services` would have here. An
 * object, not the bare list, so that a field can join it; the list's key is the one `status` gives it.
 */
export interface ConsumersReport {
  consumers: ComparedConsumer[];
}

export const readConsumersReport = async (
  platform: { s3: S3Client; bucket: string },
  env: CliEnv,
): Promise<ConsumersReport> => ({
  consumers: await compareConsumers(platform, await fingerprintOfServices(env)),
});
