import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { PlatformEnv } from './env.ts';

export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
}

/**
 * Builds the S3 and SQS clients once per process. An emulator takes any credentials, so dummy ones are
 * used when none are set; otherwise (and always in AWS) the SDK's default chain applies.
 */
export const createAwsClients = (
  env: Pick<PlatformEnv, 'AWS_ENDPOINT_URL' | 'AWS_REGION' | 'AWS_ACCESS_KEY_ID'>,
): AwsClients => {
  const endpoint = env.AWS_ENDPOINT_URL;
  const emulator = endpoint
    ? {
        endpoint,
        ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
      }
    : {};
  const common = { region: env.AWS_REGION, ...emulator };
  // Path-style addressing: an emulator on 127.0.0.1 has no DNS for `<bucket>.127.0.0.1`.
  return { s3: new S3Client({ ...common, forcePathStyle: Boolean(endpoint) }), sqs: new SQSClient(common) };
};
