import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';

const AWS_SOLUTIONS = Match.stringLikeRegexp('AwsSolutions-.*');

/** What the stack accepts on purpose (src/nag-suppressions.ts); a new one should be a decision, not a drift. */
const ACCEPTED = ['AwsSolutions-IAM5', 'AwsSolutions-RDS11', 'AwsSolutions-RDS3', 'AwsSolutions-SMG4'];

describe('AwsSolutions checks (cdk-nag)', () => {
  it('report no unsuppressed error or warning', () => {
    // Prepare
    const stack = buildStack({ alarmEmail: 'ops@example.com' }, { nag: true });

    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findError('*', AWS_SOLUTIONS)).toEqual([]);
    expect(annotations.findWarning('*', AWS_SOLUTIONS)).toEqual([]);
  });

  it('report nothing either with the extractor in a mysql pipeline’s VPC', () => {
    // Prepare
    const stack = buildStack(
      {
        sourceNetwork: {
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          subnetIds: ['subnet-0a1b2c3d4e5f60711', 'subnet-0a1b2c3d4e5f60722'],
          databaseSecurityGroupId: 'sg-0a1b2c3d4e5f60799',
        },
        sourceSecrets: {
          SAKILA_DATABASE_URL: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/sakila-AbC123',
        },
      },
      { nag: true },
    );

    // Act
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findError('*', AWS_SOLUTIONS)).toEqual([]);
    expect(annotations.findWarning('*', AWS_SOLUTIONS)).toEqual([]);
  });

  it('are suppressed only for the accepted rules, each with a reason', () => {
    // Prepare
    const template = Template.fromStack(buildStack({}, { nag: true }));

    // Act
    const suppressions = Object.values(
      template.toJSON().Resources as Record<string, { Metadata?: unknown }>,
    ).flatMap(
      (resource) =>
        (
          resource.Metadata as
            | { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } }
            | undefined
        )?.cdk_nag?.rules_to_suppress ?? [],
    );

    // Assess
    expect([...new Set(suppressions.map((rule) => rule.id))].sort()).toEqual(ACCEPTED);
    for (const rule of suppressions) expect(rule.reason.length).toBeGreaterThan(80);
  });

  it('do catch a finding, so the empty report above means something', () => {
    // Prepare: report findings as annotations instead of failing synthesis, then add a bucket nag dislikes
    const stack = buildStack(
      {},
      { nag: true, context: { '@aws-cdk/core:annotationsInValidationReport': false } },
    );
    new s3.Bucket(stack, 'CarelessBucket');

    // Act
    const errors = Annotations.fromStack(stack).findError('*', AWS_SOLUTIONS);

    // Assess
    expect(errors.map((error) => `${error.id} ${String(error.entry.data).split(':')[0]}`)).toEqual(
      expect.arrayContaining(['/SluiceStack/CarelessBucket/Resource AwsSolutions-S1']),
    );
  });

  it('fail synthesis on an unsuppressed error, as `cdk synth` does with cdk.json’s flags', () => {
    // Prepare
    const stack = buildStack({}, { nag: true });
    new s3.Bucket(stack, 'CarelessBucket');

    // Act
    const act = () => Template.fromStack(stack);

    // Assess
    expect(act).toThrow(/ERROR AwsSolutions-S1: /);
  });
});
