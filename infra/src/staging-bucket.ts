import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StagingBucketProps {
  logBucket: s3.IBucket;
  /** Days a raw page is kept for replay; processed and rejected objects stay (they are small). */
  rawRetention?: Duration;
}

/**
 * The staging bucket: raw pages under `raw/`, warehouse rows under `processed/`, quarantined records under
 * `rejected/`. Its name is left to CloudFormation (bucket names are global); the functions get it as
 * SLUICE_BUCKET.
 */
export class StagingBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StagingBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      // SSE-S3 rather than KMS: the data is a public API's, nobody outside the account reads the bucket, and
      // a KMS key would add a grant to every function, a per-request charge and a key policy to maintain
      // for no extra protection here. Both are AES-256 at rest.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Re-staging a page rewrites its key; versions keep what an earlier run staged.
      versioned: true,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'staging-bucket/',
      lifecycleRules: [
        { id: 'expire-raw-pages', prefix: 'raw/', expiration: props.rawRetention ?? Duration.days(30) },
        {
          // An expired or rewritten object leaves its old version and a delete marker behind; clear both.
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Staged data outlives the stack: it is what a replay reads.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
