import { metricsNamespaceOf } from '@sluice/contracts';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack, SHIPPED_PIPELINES } from './support/build-stack.ts';
import { render, resourcesOf } from './support/template-queries.ts';

describe('Construct: Alarms', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it.each(['extract', 'transform', 'load'])(
    'alarms as soon as a message is visible in the %s DLQ',
    (stage) => {
      // Act
      const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find(
        (candidate) => candidate.Properties.AlarmName === `sluice-${stage}-dlq-not-empty`,
      );

      // Assess
      expect(alarm?.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        Statistic: 'Maximum',
      });
      const dimensions = alarm?.Properties.Dimensions as { Name: string; Value: unknown }[];
      expect(dimensions.map((d) => `${d.Name}=${render(d.Value)}`)).toEqual([
        `QueueName=Queues${stage.charAt(0).toUpperCase()}${stage.slice(1)}DeadLetterQueue.QueueName`,
      ]);
      expect(render(alarm?.Properties.AlarmActions)).toBe('AlarmsTopic');
    },
  );

  it.each(SHIPPED_PIPELINES.map(({ name }) => name))(
    'alarms as soon as any stage dead-letters a page of pipeline %s, from the metric the stages write',
    (pipeline) => {
      // Act
      const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find(
        (candidate) => candidate.Properties.AlarmName === `sluice-${pipeline}-pages-dead-lettered`,
      );

      // Assess
      expect(alarm?.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      const metrics = alarm?.Properties.Metrics as {
        Id: string;
        Expression?: string;
        MetricStat?: { Metric: Record<string, unknown>; Stat: string; Period: number };
      }[];
      expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(
        'FILL(extractor, 0) + FILL(transformer, 0) + FILL(loader, 0)',
      );
      // The names and dimensions the runtime's embedded-metric lines use (service and pipeline only).
      expect(metrics.flatMap(({ MetricStat }) => (MetricStat ? [MetricStat] : []))).toEqual(
        ['extractor', 'transformer', 'loader'].map((service) => ({
          Metric: {
            Namespace: metricsNamespaceOf('sluice'),
            MetricName: 'PagesDeadLettered',
            Dimensions: expect.arrayContaining([
              { Name: 'service', Value: service },
              { Name: 'pipeline', Value: pipeline },
            ]),
          },
          Stat: 'Sum',
          Period: 300,
        })),
      );
      expect(render(alarm?.Properties.AlarmActions)).toBe('AlarmsTopic');
    },
  );

  it('publishes to an SNS topic that refuses requests without TLS', () => {
    // Assess
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'sluice-alarms' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('subscribes the alarm email when one is given, and none otherwise', () => {
    // Act
    const withEmail = Template.fromStack(buildStack({ alarmEmail: 'ops@example.com' }));
    const without = Template.fromStack(buildStack());

    // Assess
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    without.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
