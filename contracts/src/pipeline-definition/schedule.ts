import * as z from 'zod';

/**
 * A schedule as EventBridge takes it, in UTC: `cron(minutes hours day-of-month month day-of-week year)` or
 * `rate(N unit)`. Checked here so that a typo fails `sluice validate`, not a CDK deploy.
 */
const SHAPE =
  "a schedule is cron(minutes hours day-of-month month day-of-week year) or rate(N unit), e.g. 'cron(0 3 * * ? *)' or 'rate(1 hour)'";

// Characters each cron field admits, and the range of its numbers (names like MON or JAN are letters).
const CRON_FIELDS = [
  { name: 'minutes', chars: /^[\d,\-*/]+$/, min: 0, max: 59 },
  { name: 'hours', chars: /^[\d,\-*/]+$/, min: 0, max: 23 },
  { name: 'day-of-month', chars: /^[\d,\-*/?LW]+$/, min: 1, max: 31 },
  { name: 'month', chars: /^[\dA-Za-z,\-*/]+$/, min: 1, max: 12 },
  { name: 'day-of-week', chars: /^[\dA-Za-z,\-*/?L#]+$/, min: 1, max: 7 },
  { name: 'year', chars: /^[\d,\-*/]+$/, min: 1970, max: 2199 },
] as const;

const checkCron = (body: string): string | null => {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return `a cron expression has 6 fields (${SHAPE}); this one has ${fields.length}`;
  for (const [index, spec] of CRON_FIELDS.entries()) {
    const field = fields[index] as string;
    if (!spec.chars.test(field)) return `cron field ${spec.name} '${field}' is not valid`;
    // After '/' comes an increment and after '#' a week number, not a value of the field.
    const values = field.split(/[,-]/).map((part) => part.split(/[/#]/)[0] as string);
    const outOfRange = values.find(
      (value) => /^\d+$/.test(value) && (+value < spec.min || +value > spec.max),
    );
    if (outOfRange)
      return `cron field ${spec.name} must be within ${spec.min}-${spec.max}, not ${outOfRange}`;
  }
  // EventBridge refuses both days set, or neither: one of them must be '?'.
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return "EventBridge needs '?' in exactly one of day-of-month and day-of-week, e.g. 'cron(0 3 * * ? *)'";
  }
  return null;
};

const checkRate = (body: string): string | null => {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body.trim());
  if (!match) return `a rate is 'rate(N minutes|hours|days)', e.g. 'rate(1 hour)' or 'rate(15 minutes)'`;
  const value = Number(match[1]);
  const unit = match[2] as string;
  if (value < 1) return 'a rate must be at least 1';
  // EventBridge wants the singular unit for 1 and the plural for more.
  const singular = unit.replace(/s$/, '');
  if (value === 1 && unit !== singular) return `EventBridge wants 'rate(1 ${singular})', singular`;
  if (value > 1 && unit === singular) return `EventBridge wants 'rate(${value} ${singular}s)', plural`;
  return null;
};

export const ScheduleSchema = z.string().superRefine((text, ctx) => {
  const match = /^(cron|rate)\((.*)\)$/.exec(text.trim());
  const problem = !match
    ? SHAPE
    : match[1] === 'cron'
      ? checkCron(match[2] ?? '')
      : checkRate(match[2] ?? '');
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
