import {
  DeleteRuleCommand,
  type EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { scheduleRuleName } from '@sluice/contracts';
import { findExtractQueue, listScheduleRules, type ScheduleRulesDeps } from './list-schedule-rules.ts';
import {
  EXTRACT_QUEUE_TARGET_ID,
  extractQueuePolicy,
  type PipelineSchedule,
  scheduledRunTransformer,
} from './scheduled-run-target.ts';

export interface SyncedRule {
  /** The rule's name, `<prefix>-<pipeline>`. */
  rule: string;
  arn: string;
  pipeline: string;
  schedule: string;
}

export interface SyncResult {
  queueArn: string;
  /** One per pipeline, created or updated. */
  rules: SyncedRule[];
  /** Names of the rules deleted because their pipeline file is gone. */
  deleted: string[];
}

/** Creates or updates the pipeline's rule on the default bus, delivering to the extract queue. */
const putScheduleRule = async (
  events: EventBridgeClient,
  prefix: string,
  queueArn: string,
  { name, schedule }: PipelineSchedule,
): Promise<SyncedRule> => {
  const ruleName = scheduleRuleName(prefix, name);
  const { RuleArn } = await events.send(
    new PutRuleCommand({
      Name: ruleName,
      ScheduleExpression: schedule,
      State: 'ENABLED',
      Description: `Starts a run of pipelines/${name}.yaml (sluice schedules sync)`,
    }),
  );
  const put = await events.send(
    new PutTargetsCommand({
      Rule: ruleName,
      Targets: [
        { Id: EXTRACT_QUEUE_TARGET_ID, Arn: queueArn, InputTransformer: scheduledRunTransformer(name) },
      ],
    }),
  );
  if ((put.FailedEntryCount ?? 0) > 0) {
    const [failure] = put.FailedEntries ?? [];
    throw new Error(`rule ${ruleName}: target refused (${failure?.ErrorCode}: ${failure?.ErrorMessage})`);
  }
  return { rule: ruleName, arn: RuleArn ?? '', pipeline: name, schedule };
};

/** A rule must lose its targets before EventBridge deletes it. */
const deleteScheduleRule = async (events: EventBridgeClient, ruleName: string): Promise<void> => {
  const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: ruleName }));
  const ids = (Targets ?? []).flatMap((target) => (target.Id ? [target.Id] : []));
  if (ids.length > 0) await events.send(new RemoveTargetsCommand({ Rule: ruleName, Ids: ids }));
  await events.send(new DeleteRuleCommand({ Name: ruleName }));
};

/**
 * Makes the emulator's EventBridge rules match the pipeline files, as the CDK stack does in AWS: one rule
 * `<prefix>-<pipeline>` per file with its schedule, sending a `run.scheduled` message to the extract
 * queue; this deployment's rules for files that are gone are deleted. Idempotent.
 */
export const syncLocalRules = async (
  deps: ScheduleRulesDeps,
  options: { prefix: string; pipelines: readonly PipelineSchedule[] },
): Promise<SyncResult> => {
  const queue = await findExtractQueue(deps.sqs, options.prefix);
  const existing = await listScheduleRules(deps.events, options.prefix, queue.arn);
  const rules: SyncedRule[] = [];
  for (const pipeline of options.pipelines) {
    rules.push(await putScheduleRule(deps.events, options.prefix, queue.arn, pipeline));
  }
  const wanted = new Set(rules.map(({ rule }) => rule));
  const stale = existing.filter(({ rule }) => !wanted.has(rule)).map(({ rule }) => rule);
  for (const name of stale) await deleteScheduleRule(deps.events, name);
  // No rules, no statement: an empty policy removes it.
  const policy =
    rules.length > 0
      ? extractQueuePolicy(
          queue.arn,
          rules.map((rule) => rule.arn),
        )
      : '';
  await deps.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue.url, Attributes: { Policy: policy } }));
  return { queueArn: queue.arn, rules, deleted: stale };
};
