import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { bucketName, deadLetterQueueName, queueName, STAGES, type Stage } from '@sluice/contracts';

/**
 * How long a received message stays invisible while a stage works on it. Longer than the slowest page a
 * stage should take (a slow source with retries for extract, a large transaction for load).
 */
export const VISIBILITY_TIMEOUT_SECONDS: Record<Stage, number> = { extract: 120, transform: 60, load: 120 };
/**
 * Receives before SQS moves a message to its DLQ by itself. The pollers dead-letter a message with its
 * error on the last of these attempts; SQS's redrive catches the ones whose process died mid-way.
 */
export const MAX_RECEIVE_COUNT = 5;
// DLQs keep messages as long as SQS allows (14 days), so an operator has time to replay them.
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;

export interface BootstrapResult {
  bucket: string;
  queues: string[];
}

/** Creates, or brings back to the expected settings, the staging bucket and the six queues. Idempotent. */
export const bootstrapResources = async (
  clients: { s3: S3Client; sqs: SQSClient },
  prefix: string,
  bucket = bucketName(prefix),
): Promise<BootstrapResult> => {
  await ensureStagingBucket(clients.s3, bucket);
  const queues: string[] = [];
  for (const stage of STAGES) {
    queues.push(...(await ensureStageQueues(clients.sqs, prefix, stage)));
  }
  return { bucket, queues };
};

/** Private, versioned (a replay can find what was overwritten), encrypted at rest. */
const ensureStagingBucket = async (s3: S3Client, bucket: string): Promise<void> => {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
};

// Created bare, then configured: CreateQueue fails on an existing queue whose attributes differ.
const ensureQueue = async (
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`CreateQueue returned no URL for ${name}`);
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  return QueueUrl;
};

const ensureStageQueues = async (sqs: SQSClient, prefix: string, stage: Stage): Promise<string[]> => {
  const deadLetterUrl = await ensureQueue(sqs, deadLetterQueueName(prefix, stage), {
    MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_SECONDS),
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ['QueueArn'] }),
  );
  const url = await ensureQueue(sqs, queueName(prefix, stage), {
    VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS[stage]),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: Attributes?.QueueArn,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    }),
  });
  return [url, deadLetterUrl];
};
