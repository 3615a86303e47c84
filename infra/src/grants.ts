import type { KeyArea } from '@sluice/contracts';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

// Written out instead of CDK's grantRead/grantPut/grantSendMessages, which add actions the services never
// call (s3:Abort*, s3:GetBucket*, sqs:GetQueueUrl…) and wildcard actions with them.

/**
 * `state/`: the cursors and page hashes the loader publishes for the extractor (contracts' cursorStateKey
 * and pageStatesKey), beside the staged pages' key areas.
 */
export const STATE_AREA = 'state';
/** `control/cancelled/`: the marks `sluice run cancel` leaves, which every stage reads (contracts' cancelledRunKey). */
export const CANCELLED_AREA = 'control/cancelled';
export type ObjectArea = KeyArea | typeof STATE_AREA | typeof CANCELLED_AREA;

/** One S3 object action on the given key areas (`raw/*`, `processed/*`, `rejected/*`, `state/*`) only. */
export const allowObjects = (
  role: iam.IRole,
  action: 's3:GetObject' | 's3:PutObject',
  bucket: s3.IBucket,
  areas: readonly ObjectArea[],
): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [action],
      resources: areas.map((area) => bucket.arnForObjects(`${area}/*`)),
    }),
  );
};

/**
 * `s3:ListBucket` on the bucket (names, not contents). Without it S3 answers a GetObject for a missing key
 * with 403 AccessDenied instead of 404 NoSuchKey, and the services, which dead-letter a message whose object
 * is missing at once (it cannot succeed), would retry it five times as an unexpected error instead.
 */
export const allowMissingObjectsToBeSeen = (role: iam.IRole, bucket: s3.IBucket): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
};

/** `sqs:SendMessage` (which also covers SendMessageBatch) on the given queues. */
export const allowSend = (role: iam.IRole, queues: readonly sqs.IQueue[]): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: queues.map((queue) => queue.queueArn),
    }),
  );
};

export const allowSecretRead = (role: iam.IRole, secret: secretsmanager.ISecret): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
};
