import { MESSAGE_VERSION, type RunScheduled, scheduleRuleName, type TraceFields } from '@sluice/contracts';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PipelineSchedule {
  /** The pipeline's name, as in `pipelines/<name>.yaml`. */
  name: string;
  /** An EventBridge schedule expression: `cron(0 3 * * ? *)` or `rate(1 day)`, in UTC. */
  schedule: string;
}

/**
 * The `run.scheduled` message a rule puts on the extract queue. An input transformer can only copy fields
 * of the event, so the extractor derives the run from the event's time and id: a redelivered event then
 * starts the same run, not a second one. Renders as
 * `{"version":1,"type":"run.scheduled","pipeline":"<name>","scheduledAt":<time>,"eventId":<id>}`.
 */
export const scheduledRunInput = (pipeline: string): events.RuleTargetInput =>
  events.RuleTargetInput.fromObject({
    version: MESSAGE_VERSION,
    type: 'run.scheduled',
    pipeline,
    scheduledAt: events.EventField.time,
    eventId: events.EventField.eventId,
    // No trace context: the schedule's run starts a trace of its own in the extractor.
  } satisfies Record<Exclude<keyof RunScheduled, keyof TraceFields>, unknown>);

export interface SchedulesProps {
  prefix: string;
  pipelines: readonly PipelineSchedule[];
  /** The extract queue: a rule sends there, as the CLI does, rather than invoking a function. */
  extractQueue: sqs.IQueue;
}

/**
 * One EventBridge rule per pipeline file, sending a `run.scheduled` message to the extract queue. The
 * queue, not the extractor function, is the target so that AWS and LocalStack (whose rules deliver to SQS
 * the same way) start runs by one path, and a run waits in the queue, with its retries and DLQ, when the
 * extractor cannot take it. The target adds a statement to the queue's policy letting EventBridge send
 * from this rule only (`aws:SourceArn`); the queues use SQS-managed SSE, which needs no KMS grant.
 */
export class Schedules extends Construct {
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.rules = props.pipelines.map(
      ({ name, schedule }) =>
        new events.Rule(this, name, {
          ruleName: scheduleRuleName(props.prefix, name),
          description: `Starts a run of pipelines/${name}.yaml`,
          schedule: events.Schedule.expression(schedule),
          targets: [
            new targets.SqsQueue(props.extractQueue, {
              message: scheduledRunInput(name),
              // A run missed by more than an hour waits for the next schedule rather than starting late.
              maxEventAge: Duration.hours(1),
              retryAttempts: 2,
            }),
          ],
        }),
    );
  }
}
