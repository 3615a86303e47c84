import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildStack } from './support/build-stack.ts';
import { functionIdOf, resourcesOf } from './support/template-queries.ts';

describe('Construct: Schedules', () => {
  it('starts a rickandmorty run nightly at 03:00 UTC by default, invoking the extractor', () => {
    // Act
    const template = Template.fromStack(buildStack());

    // Assess
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'sluice-rickandmorty',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [functionIdOf(template, 'sluice-extractor'), 'Arn'] },
          Id: 'Target0',
          Input: JSON.stringify({ pipeline: 'rickandmorty' }),
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 },
        },
      ],
    });
  });

  it('lets EventBridge, and only the schedule rule, invoke the extractor', () => {
    // Act
    const template = Template.fromStack(buildStack());

    // Assess
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionIdOf(template, 'sluice-extractor'), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Object.keys(resourcesOf(template, 'AWS::Events::Rule'))[0], 'Arn'] },
    });
  });

  it('takes the schedule from the props', () => {
    // Act
    const template = Template.fromStack(
      buildStack({ pipelines: [{ name: 'rickandmorty', schedule: 'rate(6 hours)' }] }),
    );

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
  });

  it('schedules nothing for an empty pipeline list', () => {
    // Act
    const template = Template.fromStack(buildStack({ pipelines: [] }));

    // Assess
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  it('throws for a pipeline the services do not know', () => {
    // Act
    const act = () => buildStack({ pipelines: [{ name: 'pokemon', schedule: 'rate(1 day)' }] });

    // Assess
    expect(act).toThrow("Unknown pipeline 'pokemon': the services know rickandmorty");
  });

  it('throws for a schedule that is neither cron() nor rate()', () => {
    // Act
    const act = () => buildStack({ pipelines: [{ name: 'rickandmorty', schedule: '0 3 * * *' }] });

    // Assess
    expect(act).toThrow("Invalid schedule '0 3 * * *' for pipeline 'rickandmorty': use cron(…) or rate(…)");
  });

  it('throws for a pipeline scheduled twice', () => {
    // Act
    const schedule = { name: 'rickandmorty', schedule: 'rate(1 day)' };
    const act = () => buildStack({ pipelines: [schedule, schedule] });

    // Assess
    expect(act).toThrow("Pipeline 'rickandmorty' is scheduled twice");
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
