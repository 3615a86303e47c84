import { describe, expect, it } from 'vitest';
import { describeSync, formatScheduleRules } from './format-schedules.ts';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:sluice-extract';

describe('Function: formatScheduleRules()', () => {
  it('prints each rule with its schedule, state and target queue', () => {
    // Act
    const output = formatScheduleRules(
      [
        {
          rule: 'sluice-coincap',
          arn: 'arn:aws:events:us-east-1:000000000000:rule/sluice-coincap',
          pipeline: 'coincap',
          schedule: 'rate(1 hour)',
          state: 'ENABLED',
          targets: [QUEUE],
        },
        {
          rule: 'sluice-episodes-html',
          arn: 'arn:aws:events:us-east-1:000000000000:rule/sluice-episodes-html',
          pipeline: 'episodes-html',
          schedule: 'cron(0 6 ? * MON *)',
          state: 'DISABLED',
          targets: [QUEUE],
        },
      ],
      'sluice',
    );

    // Assess
    expect(output.split('\n')).toEqual([
      'rule                  schedule             state     target',
      'sluice-coincap        rate(1 hour)         ENABLED   sluice-extract',
      'sluice-episodes-html  cron(0 6 ? * MON *)  DISABLED  sluice-extract',
      '',
    ]);
  });

  it('says how to create the rules when there are none', () => {
    // Act
    const output = formatScheduleRules([], 'sluice');

    // Assess
    expect(output).toBe(
      'No schedule rules for prefix sluice: `npx sluice schedules sync` creates them from pipelines/\n',
    );
  });
});

describe('Function: describeSync()', () => {
  it('lists the rules, where they deliver, and the deleted ones', () => {
    // Act
    const lines = describeSync({
      queueArn: QUEUE,
      rules: [
        { rule: 'sluice-coincap', arn: 'a', pipeline: 'coincap', schedule: 'rate(1 hour)' },
        { rule: 'sluice-rickandmorty', arn: 'b', pipeline: 'rickandmorty', schedule: 'cron(0 3 * * ? *)' },
      ],
      deleted: ['sluice-old'],
    });

    // Assess
    expect(lines).toEqual([
      'Schedules: 2 EventBridge rules sending run.scheduled to sluice-extract',
      '  sluice-coincap       rate(1 hour)',
      '  sluice-rickandmorty  cron(0 3 * * ? *)',
      '  deleted sluice-old: its pipeline file is gone',
    ]);
  });
});
