import { describeConnectionFailure, LOCAL_STACK_HINT } from '@sluice/runtime';
import type { CliEnv } from './config.ts';
import { OutageError } from './ride-out-outages.ts';

/**
 * The one line `sluice` prints for a command that failed. A connection failure names what could not be
 * reached, at which address, and the variable that set it, however deep the driver buried it (drizzle's
 * `Failed query: …` around mysql2's ECONNREFUSED, the SDK's bare socket error); after an outage ridden
 * out for SLUICE_OUTAGE_LIMIT_SECONDS it also says how long it waited. Anything else is its own message.
 * `env` is null when the environment itself could not be read (that is then the failure).
 */
export const explainFailure = (error: unknown, env: CliEnv | null): string => {
  const message = error instanceof Error ? error.message : String(error);
  const unreachable = env ? describeConnectionFailure(error, env) : null;
  if (!env || !unreachable) return message;
  const waited =
    error instanceof OutageError
      ? `; retried for ${error.waitedSeconds} s (SLUICE_OUTAGE_LIMIT_SECONDS=${error.limitSeconds})`
      : '';
  const fix = env.SLUICE_TARGET === 'local' ? `; ${LOCAL_STACK_HINT}` : '';
  return `${unreachable}${waited}${fix}`;
};
