import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';
import { render, resourcesOf } from './support/template-queries.ts';

describe('Construct: StagingBucket', () => {
  let template: Template;
  let stagingId: string;
  let logsId: string;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
    const buckets = Object.entries(resourcesOf(template, 'AWS::S3::Bucket'));
    stagingId = buckets.find(([id]) => id.startsWith('StagingBucket'))?.[0] ?? '';
    logsId = buckets.find(([id]) => id.startsWith('LogsBucket'))?.[0] ?? '';
  });

  it('creates the staging bucket and a separate log bucket', () => {
    // Assess
    expect(stagingId).not.toBe('');
    expect(logsId).not.toBe('');
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });

  it('versions, encrypts (SSE-S3) and blocks all public access to the staging bucket', () => {
    // Assess
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('expires raw pages after 30 days and old versions after 7', () => {
    // Assess
    const staging = resourcesOf(template, 'AWS::S3::Bucket')[stagingId];
    expect(staging?.Properties.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([
        expect.objectContaining({ Prefix: 'raw/', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 7 }, Status: 'Enabled' }),
      ]),
    });
  });

  it('sends server access logs to the log bucket', () => {
    // Assess
    const staging = resourcesOf(template, 'AWS::S3::Bucket')[stagingId];
    expect(staging?.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: 'staging-bucket/',
    });
  });

  it('denies requests without TLS on both buckets', () => {
    // Prepare
    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));

    // Act
    const tlsOnly = policies
      .filter((policy) =>
        (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.some(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) ===
              JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
      )
      .map((policy) => render(policy.Properties.Bucket));

    // Assess
    expect(tlsOnly.sort()).toEqual(['LogsBucket', 'StagingBucket']);
  });

  it('hands the bucket name to every function as SLUICE_BUCKET', () => {
    // Assess
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).filter(
      (fn) => typeof fn.Properties.FunctionName === 'string',
    );
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(render(variables.SLUICE_BUCKET)).toBe('StagingBucket');
    }
  });
});
