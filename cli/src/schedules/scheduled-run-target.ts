import { MESSAGE_VERSION, type RunScheduled, type TraceFields } from '@sluice/contracts';

/** What a schedule rule is made from: a pipeline file's name and schedule. */
export interface PipelineSchedule {
  name: string;
  /** An EventBridge schedule expression, `cron(…)` or `rate(…)`, in UTC. */
  schedule: string;
}

/** The pipeline a rule of this prefix starts, or null for a name that is not `<prefix>-<pipeline>`. */
export const pipelineOfRule = (prefix: string, ruleName: string): string | null =>
  ruleName.startsWith(`${prefix}-`) ? ruleName.slice(prefix.length + 1) : null;

/** The id of the rule's one target; PutTargets with the same id replaces it. */
export const EXTRACT_QUEUE_TARGET_ID = 'extract-queue';

/**
 * The input transformer that turns a scheduled event into a `run.scheduled` message, the same as the CDK
 * stack's: `{"version":1,"type":"run.scheduled","pipeline":"<name>","scheduledAt":<time>,"eventId":<id>}`.
 * EventBridge writes each `<placeholder>` as the JSON of the event's value, quotes included.
 */
export const scheduledRunTransformer = (pipeline: string) => {
  const message = {
    version: MESSAGE_VERSION,
    type: 'run.scheduled',
    pipeline,
    scheduledAt: '<time>',
    eventId: '<id>',
    // No trace context: the schedule's run starts a trace of its own in the extractor.
  } satisfies Record<Exclude<keyof RunScheduled, keyof TraceFields>, unknown>;
  // Pipeline names are lower-case letters, digits and dashes: the quoted placeholders are the only ones.
  const template = JSON.stringify(message).replace('"<time>"', '<time>').replace('"<id>"', '<id>');
  return { InputPathsMap: { time: '$.time', id: '$.id' }, InputTemplate: template };
};

/**
 * The extract queue's policy: EventBridge may send to it from these rules only, as the CDK stack's
 * SqsQueue targets allow. LocalStack does not enforce it; it is set so the local queue reads like AWS's.
 */
export const extractQueuePolicy = (queueArn: string, ruleArns: readonly string[]): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SluiceScheduleRules',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
      },
    ],
  });
