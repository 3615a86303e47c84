import { readdirSync } from 'node:fs';
import { RunScheduledSchema } from '@sluice/contracts';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStack, PIPELINES_DIR, SHIPPED_PIPELINES, shippedPipeline } from './support/build-stack.ts';
import { asList, render, resourcesOf, type Statement } from './support/template-queries.ts';

interface RuleTarget {
  Arn: unknown;
  Id: string;
  InputTransformer?: { InputPathsMap: Record<string, string>; InputTemplate: string };
  RetryPolicy?: unknown;
}

const rulesOf = (template: Template) =>
  Object.entries(resourcesOf(template, 'AWS::Events::Rule')).map(([id, rule]) => ({
    id,
    name: rule.Properties.Name as string,
    schedule: rule.Properties.ScheduleExpression as string,
    state: rule.Properties.State as string,
    targets: rule.Properties.Targets as RuleTarget[],
  }));

/** What EventBridge does with an input transformer: each `<name>` becomes the JSON of the event's value. */
const transform = (target: RuleTarget, event: Record<string, string>): unknown => {
  const { InputPathsMap, InputTemplate } = target.InputTransformer ?? {
    InputPathsMap: {},
    InputTemplate: '',
  };
  const text = Object.entries(InputPathsMap).reduce(
    (template, [name, path]) =>
      template.replaceAll(`<${name}>`, JSON.stringify(event[path.replace(/^\$\./, '')])),
    InputTemplate,
  );
  return JSON.parse(text);
};

describe('Construct: Schedules', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildStack());
  });

  it('creates one enabled rule per pipeline file, <prefix>-<pipeline>, with the file’s schedule', () => {
    // Prepare
    const files = readdirSync(PIPELINES_DIR).filter((name) => name.endsWith('.yaml'));

    // Act
    const rules = rulesOf(template);

    // Assess
    expect(rules).toHaveLength(files.length);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rules.map(({ name, schedule, state }) => ({ name, schedule, state })).sort(byName)).toEqual(
      SHIPPED_PIPELINES.map((pipeline) => ({
        name: `sluice-${pipeline.name}`,
        schedule: pipeline.schedule,
        state: 'ENABLED',
      })).sort(byName),
    );
    expect(rules.find((rule) => rule.name === 'sluice-rickandmorty')?.schedule).toBe('cron(0 3 * * ? *)');
  });

  it('sends a run.scheduled message built from the event’s time and id to the extract queue', () => {
    // Act
    const rule = rulesOf(template).find((candidate) => candidate.name === 'sluice-rickandmorty');

    // Assess
    expect(rule?.targets).toHaveLength(1);
    const [target] = rule?.targets ?? [];
    expect(render(target?.Arn)).toBe('QueuesExtractQueue.Arn');
    expect(target?.InputTransformer).toEqual({
      InputPathsMap: { time: '$.time', id: '$.id' },
      InputTemplate:
        '{"version":1,"type":"run.scheduled","pipeline":"rickandmorty","scheduledAt":<time>,"eventId":<id>}',
    });
    expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 });
  });

  it.each(SHIPPED_PIPELINES.map((pipeline) => pipeline.name))(
    'renders, for %s, a message the extractor accepts',
    (name) => {
      // Prepare
      const rule = rulesOf(template).find((candidate) => candidate.name === `sluice-${name}`);
      const event = { time: '2026-11-25T03:00:00Z', id: '7bf73129-1428-4cd3-a780-95db273d1602' };

      // Act
      const message = RunScheduledSchema.parse(transform(rule?.targets[0] as RuleTarget, event));

      // Assess
      expect(message).toEqual({
        version: 1,
        type: 'run.scheduled',
        pipeline: name,
        scheduledAt: event.time,
        eventId: event.id,
      });
    },
  );

  it('lets EventBridge send to the extract queue from the schedule rules only, and invoke no function', () => {
    // Prepare
    const rules = rulesOf(template).map((rule) => `${render({ Ref: rule.id })}.Arn`);

    // Act
    const fromEvents = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy')).flatMap((policy) =>
      (
        policy.Properties.PolicyDocument as { Statement: (Statement & Record<string, unknown>)[] }
      ).Statement.filter((statement) =>
        JSON.stringify(statement.Principal).includes('events.amazonaws.com'),
      ).map((statement) => ({
        queues: (policy.Properties.Queues as unknown[]).map(render),
        actions: asList(statement.Action),
        resource: render(statement.Resource),
        sourceArn: render(
          (statement.Condition as { ArnEquals?: Record<string, unknown> }).ArnEquals?.['aws:SourceArn'],
        ),
      })),
    );

    // Assess
    expect(fromEvents.map((grant) => grant.sourceArn).sort()).toEqual(rules.sort());
    for (const grant of fromEvents) {
      expect(grant.queues).toEqual(['QueuesExtractQueue']);
      expect(grant.resource).toBe('QueuesExtractQueue.Arn');
      expect(grant.actions).toContain('sqs:SendMessage');
    }
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  it('takes the schedule from the pipeline definition', () => {
    // Act
    const other = Template.fromStack(
      buildStack({ pipelines: [{ ...shippedPipeline('rickandmorty'), schedule: 'rate(6 hours)' }] }),
    );

    // Assess
    other.resourceCountIs('AWS::Events::Rule', 1);
    other.hasResourceProperties('AWS::Events::Rule', {
      Name: 'sluice-rickandmorty',
      ScheduleExpression: 'rate(6 hours)',
    });
  });

  it('schedules a mysql pipeline like the others, also with the extractor in its database’s VPC', () => {
    // Prepare
    const sakila = shippedPipeline('sakila');
    const other = Template.fromStack(
      buildStack({
        pipelines: [sakila],
        sourceNetwork: {
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          subnetIds: ['subnet-0a1b2c3d4e5f60711'],
          databaseSecurityGroupId: 'sg-0a1b2c3d4e5f60799',
        },
        sourceSecrets: {
          SAKILA_DATABASE_URL: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sluice/sakila-AbC123',
        },
      }),
    );

    // Act
    const rules = rulesOf(other);

    // Assess
    expect(sakila.source.type).toBe('mysql');
    expect(rules.map(({ name, schedule, state }) => ({ name, schedule, state }))).toEqual([
      { name: 'sluice-sakila', schedule: sakila.schedule, state: 'ENABLED' },
    ]);
    expect(sakila.schedule).toBe('cron(0 3 * * ? *)');
    expect(render(rules[0]?.targets[0]?.Arn)).toBe('QueuesExtractQueue.Arn');
    expect(transform(rules[0]?.targets[0] as RuleTarget, { time: 't', id: 'i' })).toMatchObject({
      type: 'run.scheduled',
      pipeline: 'sakila',
    });
  });

  it('names the rules after the prefix', () => {
    // Act
    const other = Template.fromStack(buildStack({ prefix: 'sluice-dev' }));

    // Assess
    other.hasResourceProperties('AWS::Events::Rule', { Name: 'sluice-dev-coincap' });
  });

  it('schedules nothing when there are no pipeline files', () => {
    // Act
    const other = Template.fromStack(buildStack({ pipelines: [] }));

    // Assess
    other.resourceCountIs('AWS::Events::Rule', 0);
  });
});

describe('Function: assertValidPipelines()', () => {
  const rickandmorty = shippedPipeline('rickandmorty');

  it('throws for a schedule EventBridge would refuse, saying why', () => {
    // Act
    const act = () => buildStack({ pipelines: [{ ...rickandmorty, schedule: 'cron(0 3 * * * *)' }] });

    // Assess
    expect(act).toThrow(
      "Invalid schedule 'cron(0 3 * * * *)' for pipeline 'rickandmorty': EventBridge needs '?' in exactly one of day-of-month and day-of-week",
    );
  });

  it('throws for a pipeline name the services refuse', () => {
    // Act
    const act = () => buildStack({ pipelines: [{ ...rickandmorty, name: 'Rick_And_Morty' }] });

    // Assess
    expect(act).toThrow("Invalid pipeline name 'Rick_And_Morty'");
  });

  it('throws for a pipeline declared twice', () => {
    // Act
    const act = () => buildStack({ pipelines: [rickandmorty, rickandmorty] });

    // Assess
    expect(act).toThrow("Pipeline 'rickandmorty' is declared twice");
  });

  it('throws when the prefix makes a rule name longer than EventBridge allows', () => {
    // Prepare
    const name = `p${'x'.repeat(49)}`;

    // Act
    const act = () => buildStack({ prefix: 'sluice-production', pipelines: [{ ...rickandmorty, name }] });

    // Assess
    expect(act).toThrow(`Rule name 'sluice-production-${name}' is longer than EventBridge's 64 characters`);
  });
});

describe('Function: assertValidPrefix()', () => {
  it.each(['Sluice', 's', 'sluice-', 'sluice--dev', '1sluice', 'sluice_dev'])('throws for %s', (prefix) => {
    // Act
    const act = () => buildStack({ prefix });

    // Assess
    expect(act).toThrow(`Invalid prefix '${prefix}'`);
  });
});
