import { deadLetterQueueName, STAGES, type Stage } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  prefix: string;
  deadLetterQueues: Record<Stage, sqs.IQueue>;
  /** Subscribed to the alarm topic; the address must confirm the subscription from the email AWS sends. */
  email?: string;
}

/**
 * A message in a DLQ means a page did not make it: one alarm per DLQ, as soon as one is visible, to an SNS
 * topic (and an email when given).
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

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
  }
}
