import {
  type EventBridgeClient,
  ListRulesCommand,
  type ListRulesCommandOutput,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { queueName } from '@sluice/contracts';
import { pipelineOfRule } from './scheduled-run-target.ts';

export interface ScheduleRulesDeps {
  events: EventBridgeClient;
  sqs: SQSClient;
}

/** A rule as `schedules list --json` prints it: the keys `schedules sync` and `pipelines` use for the same. */
export interface ScheduleRule {
  /** The rule's name, `<prefix>-<pipeline>`. */
  rule: string;
  arn: string;
  pipeline: string;
  /** Its schedule expression, as the pipeline file's `schedule`; null for a rule matching events. */
  schedule: string | null;
  state: string;
  /** The ARNs of its targets; one of them is the extract queue's. */
  targets: string[];
}

export interface ExtractQueue {
  url: string;
  arn: string;
}

/** `<prefix>-extract`, where schedule rules deliver. */
export const findExtractQueue = async (sqs: SQSClient, prefix: string): Promise<ExtractQueue> => {
  const name = queueName(prefix, 'extract');
  let url: string | undefined;
  try {
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    throw new Error(`queue ${name} does not exist: \`npx sluice stack up\` creates it`, { cause: error });
  }
  if (!url) throw new Error(`queue ${name} has no URL`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`queue ${name} has no ARN`);
  return { url, arn: Attributes.QueueArn };
};

const listRulesNamed = async (events: EventBridgeClient, namePrefix: string) => {
  const rules: NonNullable<ListRulesCommandOutput['Rules']> = [];
  let token: string | undefined;
  do {
    const page = await events.send(new ListRulesCommand({ NamePrefix: namePrefix, NextToken: token }));
    rules.push(...(page.Rules ?? []));
    token = page.NextToken;
  } while (token);
  return rules;
};

/**
 * This deployment's schedule rules: named `<prefix>-<pipeline>` and delivering to its extract queue. The
 * queue tells them apart from another deployment's whose prefix starts the same way (`sluice-dev-…` for
 * `sluice`), which deliver to their own queue.
 */
export const listScheduleRules = async (
  events: EventBridgeClient,
  prefix: string,
  queueArn: string,
): Promise<ScheduleRule[]> => {
  const rules = await listRulesNamed(events, `${prefix}-`);
  const described = await Promise.all(
    rules.map(async (rule): Promise<ScheduleRule | null> => {
      const name = rule.Name ?? '';
      const pipeline = pipelineOfRule(prefix, name);
      const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: name }));
      const targets = (Targets ?? []).map((target) => target.Arn ?? '');
      if (!pipeline || !targets.includes(queueArn)) return null;
      return {
        rule: name,
        arn: rule.Arn ?? '',
        pipeline,
        schedule: rule.ScheduleExpression ?? null,
        state: rule.State ?? 'UNKNOWN',
        targets,
      };
    }),
  );
  return described
    .filter((rule): rule is ScheduleRule => rule !== null)
    .sort((a, b) => a.rule.localeCompare(b.rule));
};
