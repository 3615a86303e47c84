import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { PlatformEnv } from './env.ts';

export interface AwsClients {
  s3: S3Client;
  sqs: SQSClient;
}

type ClientEnv = Pick<PlatformEnv, 'AWS_ENDPOINT_URL' | 'AWS_REGION' | 'AWS_ACCESS_KEY_ID'>;

/**
 * The configuration every AWS client of a process shares. An emulator takes any credentials, so dummy
 * ones are used when none are set; otherwise (and always in AWS) the SDK's default chain applies.
 */
export const awsClientConfig = (env: ClientEnv) => {
  const endpoint = env.AWS_ENDPOINT_URL;
  const emulator = endpoint
    ? {
        endpoint,
        ...(env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
      }
    : {};
  return { region: env.AWS_REGION, ...emulator };
};

/** Builds the S3 and SQS clients once per process. */
export const createAwsClients = (env: ClientEnv): AwsClients => {
  const endpoint = env.AWS_ENDPOINT_URL;
  const common = awsClientConfig(env);
  // Path-style addressing: an emulator on 127.0.0.1 has no DNS for `<bucket>.127.0.0.1`.
  return { s3: new S3Client({ ...common, forcePathStyle: Boolean(endpoint) }), sqs: new SQSClient(common) };
};
