import { randomBytes } from 'node:crypto';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { RunScheduledSchema } from '@sluice/contracts';
import { awsClientConfig } from '@sluice/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExtractQueue, listScheduleRules } from './list-schedule-rules.ts';
import { EXTRACT_QUEUE_TARGET_ID } from './scheduled-run-target.ts';
import { syncLocalRules } from './sync-local-rules.ts';

// Against LocalStack, under prefixes of their own so that no other test's or developer's rules are touched.
const config = awsClientConfig({
  AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: undefined,
});
const events = new EventBridgeClient(config);
const sqs = new SQSClient(config);
const deps = { events, sqs };

const PREFIX = `t-sched-${randomBytes(3).toString('hex')}`;
// Another deployment whose prefix starts with this one's: its rules are `<PREFIX>-dev-<pipeline>`.
const NEIGHBOUR = `${PREFIX}-dev`;

const queueUrls: string[] = [];
const createExtractQueue = async (prefix: string) => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-extract` }));
  queueUrls.push(QueueUrl as string);
  return QueueUrl as string;
};

const deleteRulesOf = async (prefix: string) => {
  const queue = await findExtractQueue(sqs, prefix);
  for (const rule of await listScheduleRules(events, prefix, queue.arn)) {
    await events.send(new RemoveTargetsCommand({ Rule: rule.rule, Ids: [EXTRACT_QUEUE_TARGET_ID] }));
    await events.send(new DeleteRuleCommand({ Name: rule.rule }));
  }
};

const schedulesOf = async (prefix: string) => {
  const queue = await findExtractQueue(sqs, prefix);
  return (await listScheduleRules(events, prefix, queue.arn)).map((rule) => [rule.rule, rule.schedule]);
};

describe('Function: syncLocalRules()', () => {
  let extractQueueUrl: string;

  beforeAll(async () => {
    extractQueueUrl = await createExtractQueue(PREFIX);
    await createExtractQueue(NEIGHBOUR);
  });

  afterAll(async () => {
    await deleteRulesOf(PREFIX);
    await deleteRulesOf(NEIGHBOUR);
    for (const QueueUrl of queueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    events.destroy();
    sqs.destroy();
  });

  it('creates a rule per pipeline with its schedule, sending run.scheduled to the extract queue', async () => {
    // Prepare
    const pipelines = [
      { name: 'coincap', schedule: 'rate(1 hour)' },
      { name: 'rickandmorty', schedule: 'cron(0 3 * * ? *)' },
    ];

    // Act
    const result = await syncLocalRules(deps, { prefix: PREFIX, pipelines });

    // Assess
    const queue = await findExtractQueue(sqs, PREFIX);
    expect(result.queueArn).toBe(queue.arn);
    expect(result.deleted).toEqual([]);
    expect(await schedulesOf(PREFIX)).toEqual([
      [`${PREFIX}-coincap`, 'rate(1 hour)'],
      [`${PREFIX}-rickandmorty`, 'cron(0 3 * * ? *)'],
    ]);
    const rule = await events.send(new DescribeRuleCommand({ Name: `${PREFIX}-coincap` }));
    expect(rule).toMatchObject({ State: 'ENABLED', EventBusName: 'default' });
    const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: `${PREFIX}-coincap` }));
    expect(Targets).toEqual([
      {
        Id: EXTRACT_QUEUE_TARGET_ID,
        Arn: queue.arn,
        InputTransformer: {
          InputPathsMap: { time: '$.time', id: '$.id' },
          InputTemplate:
            '{"version":1,"type":"run.scheduled","pipeline":"coincap","scheduledAt":<time>,"eventId":<id>}',
        },
      },
    ]);
  });

  it('lets EventBridge send to the extract queue from exactly the synced rules', async () => {
    // Act
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: extractQueueUrl, AttributeNames: ['Policy', 'QueueArn'] }),
    );

    // Assess
    const [statement] = JSON.parse(Attributes?.Policy ?? '{}').Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: Attributes?.QueueArn,
    });
    const rules = await listScheduleRules(events, PREFIX, Attributes?.QueueArn as string);
    expect(statement.Condition.ArnEquals['aws:SourceArn']).toEqual(rules.map((rule) => rule.arn));
  });

  it('updates a changed schedule, deletes the rules of removed pipelines and leaves other prefixes alone', async () => {
    // Prepare
    await syncLocalRules(deps, {
      prefix: NEIGHBOUR,
      pipelines: [{ name: 'coincap', schedule: 'rate(5 minutes)' }],
    });

    // Act
    const result = await syncLocalRules(deps, {
      prefix: PREFIX,
      pipelines: [{ name: 'rickandmorty', schedule: 'rate(1 day)' }],
    });

    // Assess
    expect(result.deleted).toEqual([`${PREFIX}-coincap`]);
    expect(await schedulesOf(PREFIX)).toEqual([[`${PREFIX}-rickandmorty`, 'rate(1 day)']]);
    expect(await schedulesOf(NEIGHBOUR)).toEqual([[`${NEIGHBOUR}-coincap`, 'rate(5 minutes)']]);
  });

  it('delivers a run.scheduled message the extractor accepts through the synced target', async () => {
    // Prepare: a rule matching an event we send, with the synced rule's own target. (A schedule rule on
    // LocalStack fires a minute after it is created; `rate(1 minute)` delivers the same message then.)
    const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: `${PREFIX}-rickandmorty` }));
    const probe = `${PREFIX}-delivery-probe`;
    await events.send(new PutRuleCommand({ Name: probe, EventPattern: JSON.stringify({ source: [probe] }) }));
    await events.send(new PutTargetsCommand({ Rule: probe, Targets }));

    // Act
    const sent = await events.send(
      new PutEventsCommand({ Entries: [{ Source: probe, DetailType: 'Scheduled Event', Detail: '{}' }] }),
    );
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: extractQueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 1 }),
    );

    // Assess
    await events.send(new RemoveTargetsCommand({ Rule: probe, Ids: [EXTRACT_QUEUE_TARGET_ID] }));
    await events.send(new DeleteRuleCommand({ Name: probe }));
    const message = RunScheduledSchema.parse(JSON.parse(received.Messages?.[0]?.Body ?? 'null'));
    expect(message).toMatchObject({
      version: 1,
      type: 'run.scheduled',
      pipeline: 'rickandmorty',
      eventId: sent.Entries?.[0]?.EventId,
    });
    expect(Math.abs(Date.parse(message.scheduledAt) - Date.now())).toBeLessThan(60_000);
  });

  it('deletes every rule of the prefix and the queue policy when no pipeline is left', async () => {
    // Act
    const result = await syncLocalRules(deps, { prefix: PREFIX, pipelines: [] });

    // Assess
    expect(result.deleted).toEqual([`${PREFIX}-rickandmorty`]);
    expect(await schedulesOf(PREFIX)).toEqual([]);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: extractQueueUrl, AttributeNames: ['Policy'] }),
    );
    expect(Attributes?.Policy).toBeUndefined();
  });

  it('throws, saying how to create it, when the extract queue does not exist', async () => {
    // Act
    const act = syncLocalRules(deps, { prefix: `${PREFIX}-none`, pipelines: [] });

    // Assess
    await expect(act).rejects.toThrow(
      `queue ${PREFIX}-none-extract does not exist: \`npx sluice stack up\` creates it`,
    );
  });
});
