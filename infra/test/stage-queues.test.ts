import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';
import { render, resourcesOf } from './support/template-queries.ts';

const STAGES = [
  { stage: 'extract', consumer: 'sluice-extractor' },
  { stage: 'transform', consumer: 'sluice-transformer' },
  { stage: 'load', consumer: 'sluice-loader' },
] as const;

describe('Construct: StageQueues', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  const queueIdNamed = (name: string): string => {
    const entry = Object.entries(resourcesOf(template, 'AWS::SQS::Queue')).find(
      ([, queue]) => queue.Properties.QueueName === name,
    );
    if (!entry) throw new Error(`No queue named ${name}`);
    return entry[0];
  };

  it('creates three queues and three DLQs named <prefix>-<stage> and <prefix>-<stage>-dlq', () => {
    // Assess
    const names = Object.values(resourcesOf(template, 'AWS::SQS::Queue')).map(
      (queue) => queue.Properties.QueueName,
    );
    expect(names.sort()).toEqual([
      'sluice-extract',
      'sluice-extract-dlq',
      'sluice-load',
      'sluice-load-dlq',
      'sluice-transform',
      'sluice-transform-dlq',
    ]);
  });

  it.each(STAGES)('redrives $stage to its own DLQ after 5 receives', ({ stage }) => {
    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `sluice-${stage}`,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [queueIdNamed(`sluice-${stage}-dlq`), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
  });

  it.each(STAGES)('keeps $stage dead letters for 14 days', ({ stage }) => {
    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: `sluice-${stage}-dlq`,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('encrypts every queue with SQS-managed keys', () => {
    // Assess
    for (const queue of Object.values(resourcesOf(template, 'AWS::SQS::Queue'))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
  });

  it('denies requests without TLS on every queue', () => {
    // Act
    const tlsOnly = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))
      .filter((policy) =>
        JSON.stringify(policy.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
      )
      .flatMap((policy) => (policy.Properties.Queues as unknown[]).map(render));

    // Assess
    expect(tlsOnly).toHaveLength(6);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(STAGES)(
    'gives $stage a visibility timeout of at least 6 times $consumer’s timeout',
    ({ stage, consumer }) => {
      // Prepare
      const queueId = queueIdNamed(`sluice-${stage}`);
      const queue = resourcesOf(template, 'AWS::SQS::Queue')[queueId];
      const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
        (esm) => render(esm.Properties.EventSourceArn) === `${render({ Ref: queueId })}.Arn`,
      );
      const consumerFn = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(
        ([, fn]) => fn.Properties.FunctionName === consumer,
      );

      // Act
      const consumedBy = render(mapping?.Properties.FunctionName);
      const timeout = Number(consumerFn?.[1].Properties.Timeout);

      // Assess
      expect(consumedBy).toBe(render({ Ref: consumerFn?.[0] }));
      expect(timeout).toBe(60);
      expect(Number(queue?.Properties.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * timeout);
    },
  );
});
