import { RunIdSchema } from '@sluice/contracts';
import type { CliEnv } from '../config.ts';
import type { ReplayOptions } from './replay-dead-letters.ts';
import { selectStages } from './select-stages.ts';

/**
 * What a replay asked for by `sluice dlq replay <stage> [--run id]` or the console's replay button does:
 * the stages (`all` for every one), only one run's messages or all, and how they move. Throws on an unknown
 * stage or a malformed run id.
 */
export const replayRequestOf = (
  stage: string,
  env: Pick<CliEnv, 'SLUICE_TARGET'>,
  options: { run?: string; moveTask?: boolean },
): ReplayOptions => {
  const stages = selectStages(stage);
  if (options.run !== undefined && !RunIdSchema.safeParse(options.run).success) {
    throw new Error(`--run ${options.run} is not a run id (they look like 20261125T150135Z-3fa9c2)`);
  }
  // LocalStack's move task keeps each message's receive count, so a replayed message would be
  // dead-lettered again at its first retryable failure; moving by hand sends fresh messages.
  const useMoveTask = options.moveTask ?? env.SLUICE_TARGET === 'aws';
  return { stages, useMoveTask, ...(options.run === undefined ? {} : { runId: options.run }) };
};
