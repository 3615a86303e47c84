import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface PipelineSchedule {
  /** A pipeline the services know (`@sluice/contracts`' PIPELINES). */
  name: string;
  /** An EventBridge schedule expression: `cron(0 3 * * ? *)` or `rate(1 day)`, in UTC. */
  schedule: string;
}

/**
 * One EventBridge rule per pipeline, invoking the extractor with `{"pipeline": "<name>"}`: the same event an
 * operator sends by hand to start a run.
 */
export class Schedules extends Construct {
  readonly rules: events.Rule[];

  constructor(
    scope: Construct,
    id: string,
    props: { prefix: string; pipelines: PipelineSchedule[]; extractor: lambda.IFunction },
  ) {
    super(scope, id);
    this.rules = props.pipelines.map(
      ({ name, schedule }) =>
        new events.Rule(this, name, {
          ruleName: `${props.prefix}-${name}`,
          description: `Starts a ${name} run`,
          schedule: events.Schedule.expression(schedule),
          targets: [
            new targets.LambdaFunction(props.extractor, {
              event: events.RuleTargetInput.fromObject({ pipeline: name }),
              // A run missed by more than an hour waits for the next schedule rather than starting late.
              maxEventAge: Duration.hours(1),
              retryAttempts: 2,
            }),
          ],
        }),
    );
  }
}
