import { describe, expect, it } from 'vitest';
import { ScheduleSchema } from './schedule.ts';

const problemOf = (schedule: string) => ScheduleSchema.safeParse(schedule).error?.issues[0]?.message;

describe('Schema: ScheduleSchema', () => {
  it('accepts cron and rate expressions as EventBridge takes them', () => {
    for (const schedule of [
      'cron(0 3 * * ? *)',
      'cron(0/15 8-18 ? * MON-FRI *)',
      'cron(0 6 ? * 2#1 *)',
      'cron(30 1 L * ? 2030)',
      'rate(1 hour)',
      'rate(15 minutes)',
      'rate(7 days)',
    ]) {
      expect(problemOf(schedule), schedule).toBeUndefined();
    }
  });

  it('says what is wrong with a schedule EventBridge would refuse', () => {
    expect(problemOf('daily')).toMatch(/cron\(minutes hours day-of-month month day-of-week year\)/);
    expect(problemOf('cron(0 3 * * *)')).toMatch(/6 fields.*has 5/);
    expect(problemOf('cron(0 3 * * * *)')).toMatch(/'\?' in exactly one of day-of-month and day-of-week/);
    expect(problemOf('cron(60 3 * * ? *)')).toMatch(/minutes must be within 0-59, not 60/);
    expect(problemOf('cron(0 3 * * ? %)')).toMatch(/year '%'/);
    expect(problemOf('rate(1 hours)')).toMatch(/rate\(1 hour\)', singular/);
    expect(problemOf('rate(2 day)')).toMatch(/rate\(2 days\)', plural/);
    expect(problemOf('rate(0 minutes)')).toMatch(/at least 1/);
    expect(problemOf('rate(1 week)')).toMatch(/minutes\|hours\|days/);
  });
});
