import { deadLetterQueueName, queueName, STAGES, type Stage } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STAGE_SETTINGS, visibilityTimeoutFor } from './stage-settings.ts';

/** Matches the local stack (`runtime`'s MAX_RECEIVE_COUNT): a message dies after 5 receives. */
export const MAX_RECEIVE_COUNT = 5;

export interface StageQueue {
  queue: sqs.Queue;
  deadLetterQueue: sqs.Queue;
}

const title = (stage: Stage): string => stage.charAt(0).toUpperCase() + stage.slice(1);

/** `<prefix>-extract|transform|load`, each with its `<prefix>-<stage>-dlq`, named as the services expect. */
export class StageQueues extends Construct {
  readonly byStage: Record<Stage, StageQueue>;

  constructor(scope: Construct, id: string, props: { prefix: string }) {
    super(scope, id);
    const entries = STAGES.map((stage) => [stage, this.createStageQueue(props.prefix, stage)] as const);
    this.byStage = Object.fromEntries(entries) as Record<Stage, StageQueue>;
  }

  get deadLetterQueues(): Record<Stage, sqs.Queue> {
    const { extract, transform, load } = this.byStage;
    return {
      extract: extract.deadLetterQueue,
      transform: transform.deadLetterQueue,
      load: load.deadLetterQueue,
    };
  }

  private createStageQueue(prefix: string, stage: Stage): StageQueue {
    const common = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    const deadLetterQueue = new sqs.Queue(this, `${title(stage)}DeadLetterQueue`, {
      ...common,
      queueName: deadLetterQueueName(prefix, stage),
      // The maximum: time to notice the alarm, read the reason attributes and redrive.
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${title(stage)}Queue`, {
      ...common,
      queueName: queueName(prefix, stage),
      visibilityTimeout: visibilityTimeoutFor(STAGE_SETTINGS[stage]),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    return { queue, deadLetterQueue };
  }
}
