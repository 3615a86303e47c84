import { createAwsClients, resolveQueueUrls } from '@sluice/runtime';
import { Command } from 'commander';
import type { CliEnv } from '../config.ts';
import {
  formatDeadLetterListings,
  formatPurgeRefusal,
  formatPurgeResults,
  formatReplayResults,
} from '../dead-letters/format-dead-letters.ts';
import { planPurge, purgeDeadLetters } from '../dead-letters/purge-dead-letters.ts';
import { replayDeadLetters } from '../dead-letters/replay-dead-letters.ts';
import { replayRequestOf } from '../dead-letters/replay-request.ts';
import { selectStages } from '../dead-letters/select-stages.ts';
import type { DeadLetterDeps } from '../dead-letters/types.ts';
import { readDeadLetterQueuesReport } from '../reports/dead-letter-queues-report.ts';
import { jsonText, printRefusal } from '../reports/json-text.ts';
import { rideOutOutages } from '../ride-out-outages.ts';

// Only SQS: an operator can look after the DLQs from a machine that cannot reach the warehouse. The
// whole command runs again while the queues cannot be reached: listing reads, and a replay or purge that
// an outage cut short goes on with the messages still there.
const withDeadLetterQueues = async <T>(env: CliEnv, work: (deps: DeadLetterDeps) => Promise<T>) => {
  const { s3, sqs } = createAwsClients(env);
  try {
    return await rideOutOutages(
      'queues',
      async () => work({ sqs, queues: await resolveQueueUrls(sqs, env.SLUICE_PREFIX) }),
      {
        limitSeconds: env.SLUICE_OUTAGE_LIMIT_SECONDS,
        onRetry: (line) => process.stderr.write(`${line}\n`),
        settings: env,
      },
    );
  } finally {
    s3.destroy();
    sqs.destroy();
  }
};

const print = (text: string) => process.stdout.write(`${text}\n`);
const printJson = (value: unknown) => process.stdout.write(jsonText(value));

/** `sluice dlq list`: each DLQ's depth and, without consuming them, its messages and why they failed. */
export const dlqListCommand = (env: CliEnv, options: { json?: boolean }) =>
  withDeadLetterQueues(env, async (deps) => {
    const report = await readDeadLetterQueuesReport(deps);
    if (options.json) printJson(report);
    else print(formatDeadLetterListings(report.deadLetterQueues));
  });

/** `sluice dlq replay <stage|all>`: moves dead letters back to their stage's queue. */
export const dlqReplayCommand = (
  stage: string,
  env: CliEnv,
  options: { run?: string; json?: boolean; moveTask?: boolean },
) => {
  const request = replayRequestOf(stage, env, options);
  return withDeadLetterQueues(env, async (deps) => {
    const results = await replayDeadLetters(deps, request);
    if (options.json) printJson({ deadLetterQueues: results });
    else print(formatReplayResults(results, options.run));
    if (results.some((result) => result.problem !== undefined)) process.exitCode = 1;
  });
};

/** `sluice dlq purge <stage|all> --yes`: deletes dead letters for good; without --yes, says what it would do. */
export const dlqPurgeCommand = (stage: string, env: CliEnv, options: { yes?: boolean; json?: boolean }) => {
  const stages = selectStages(stage);
  return withDeadLetterQueues(env, async (deps) => {
    if (!options.yes) {
      printRefusal(formatPurgeRefusal(await planPurge(deps, stages)), options);
      return;
    }
    const results = await purgeDeadLetters(deps, stages);
    if (options.json) printJson({ deadLetterQueues: results });
    else print(formatPurgeResults(results));
  });
};

/** The `sluice dlq` command and its three subcommands; the environment is read when one runs. */
export const createDlqCommand = (readEnv: () => CliEnv): Command => {
  const dlq = new Command('dlq')
    .description('inspect, replay and purge the dead-letter queues')
    .showHelpAfterError();
  dlq
    .command('list')
    .description("each DLQ's depth and its messages (not consumed) with why they failed")
    .option('--json', 'print JSON')
    .action((options) => dlqListCommand(readEnv(), options));
  dlq
    .command('replay <stage>')
    .description('move dead letters back to their queue: extract, transform, load or all')
    .option('--run <id>', "only this run's messages; the others stay in the DLQ")
    .option('--move-task', 'have SQS move them (the default in AWS; on an emulator see the README)')
    .option('--json', 'print JSON')
    .action((stage, options) => dlqReplayCommand(stage, readEnv(), options));
  dlq
    .command('purge <stage>')
    .description('delete dead letters for good: extract, transform, load or all; needs --yes')
    .option('--yes', 'really purge')
    .option('--json', 'print JSON')
    .action((stage, options) => dlqPurgeCommand(stage, readEnv(), options));
  return dlq;
};
