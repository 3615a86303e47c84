import { isPipelineName, PIPELINES } from '@sluice/contracts';
import type { PipelineSchedule } from './schedules.ts';

/**
 * The services accept `^[a-z][a-z0-9-]{1,40}$` (runtime's PlatformEnvSchema); RDS identifiers and bucket
 * names also refuse a trailing dash or two in a row.
 */
export const assertValidPrefix = (prefix: string): void => {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(prefix) || prefix.endsWith('-') || prefix.includes('--')) {
    throw new Error(
      `Invalid prefix '${prefix}': 2 to 41 lower-case letters, digits and single dashes, starting with a letter`,
    );
  }
};

const SCHEDULE_EXPRESSION = /^(cron|rate)\(.+\)$/;

/** A schedule for a pipeline the services do not know would fail every night; catch it at synth. */
export const assertValidPipelines = (pipelines: readonly PipelineSchedule[]): void => {
  const seen = new Set<string>();
  for (const { name, schedule } of pipelines) {
    if (!isPipelineName(name)) {
      throw new Error(`Unknown pipeline '${name}': the services know ${Object.keys(PIPELINES).join(', ')}`);
    }
    if (!SCHEDULE_EXPRESSION.test(schedule)) {
      throw new Error(`Invalid schedule '${schedule}' for pipeline '${name}': use cron(…) or rate(…)`);
    }
    if (seen.has(name)) throw new Error(`Pipeline '${name}' is scheduled twice`);
    seen.add(name);
  }
};
