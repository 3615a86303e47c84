import { deadLetterQueueName, STAGES, type Stage } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pipelineTotal } from './stage-metrics.ts';

export interface AlarmsProps {
  prefix: string;
  deadLetterQueues: Record<Stage, sqs.IQueue>;
  /** The deployed pipelines' names: one alarm each on the pages it loses. */
  pipelines: readonly string[];
  /** Subscribed to the alarm topic; the address must confirm the subscription from the email AWS sends. */
  email?: string;
}

/**
 * A message in a DLQ means a page did not make it: one alarm per DLQ, as soon as one is visible, and one per
 * pipeline as soon as any stage dead-letters one of its pages (which names the pipeline, where the DLQ
 * alarm names only the stage), to an SNS topic (and an email when given).
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];
  readonly pipelineAlarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // No KMS key: the notifications carry alarm names and counts, nothing secret. (CloudWatch cannot publish
    // to a topic under the AWS-managed SNS key, so encryption would mean a $1-a-month key of our own.)
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `${props.prefix}-alarms`,
      displayName: `Sluice (${props.prefix}) alarms`,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    this.alarms = STAGES.map((stage) => {
      const queue = props.deadLetterQueues[stage];
      const name = deadLetterQueueName(props.prefix, stage);
      const alarm = new cloudwatch.Alarm(this, `${stage}DeadLetters`, {
        alarmName: `${name}-not-empty`,
        alarmDescription: `Messages in ${name}: read their sluice-error attribute, fix the cause, then redrive`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // SQS stops reporting a queue nobody touches; a DLQ still holding messages must stay in alarm.
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
      return alarm;
    });
    this.pipelineAlarms = props.pipelines.map((pipeline) => this.deadLetteredPages(props.prefix, pipeline));
  }

  /** The PagesDeadLettered metric the stages write, summed over the three of them for one pipeline. */
  private deadLetteredPages(prefix: string, pipeline: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${pipeline}PagesDeadLettered`, {
      alarmName: `${prefix}-${pipeline}-pages-dead-lettered`,
      alarmDescription: `A stage dead-lettered a page of pipeline ${pipeline}: \`npx sluice status\` names the run and page, the DLQ message says why`,
      metric: pipelineTotal(prefix, 'PagesDeadLettered', pipeline, `${pipeline}: pages dead-lettered`),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No line, nothing dead-lettered: the stages write a metric only when something happened.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    return alarm;
  }
}
