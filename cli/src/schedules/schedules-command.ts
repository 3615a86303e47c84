import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from '@sluice/runtime';
import { Command } from 'commander';
import type { CliEnv } from '../config.ts';
import { loadCliPipelines } from '../pipelines/pipeline-catalogue.ts';
import { jsonText } from '../reports/json-text.ts';
import { describeSync, formatScheduleRules } from './format-schedules.ts';
import { findExtractQueue, listScheduleRules, type ScheduleRulesDeps } from './list-schedule-rules.ts';
import { type SyncResult, syncLocalRules } from './sync-local-rules.ts';

const withScheduleClients = async <T>(env: CliEnv, work: (deps: ScheduleRulesDeps) => Promise<T>) => {
  const config = awsClientConfig(env);
  const deps = { events: new EventBridgeClient(config), sqs: new SQSClient(config) };
  try {
    return await work(deps);
  } finally {
    deps.events.destroy();
    deps.sqs.destroy();
  }
};

/** Every pipeline file's schedule onto the emulator; refused in AWS, where the CDK stack owns the rules. */
export const syncSchedules = async (env: CliEnv): Promise<SyncResult> => {
  if (env.SLUICE_TARGET === 'aws') {
    throw new Error(
      'schedules sync manages the emulator’s rules; in AWS the CDK stack creates them (npm run deploy -w @sluice/infra)',
    );
  }
  const catalogue = await loadCliPipelines(env);
  const pipelines = catalogue.names().map((name) => ({ name, schedule: catalogue.get(name).schedule }));
  return withScheduleClients(env, (deps) => syncLocalRules(deps, { prefix: env.SLUICE_PREFIX, pipelines }));
};

/**
 * For `stack up`: what the sync did, as lines to print. A failure is a line too, not the end of `stack
 * up`: the bucket, queues and warehouse are ready whether or not the schedules are.
 */
export const syncLocalSchedules = async (env: CliEnv): Promise<string[]> => {
  try {
    return describeSync(await syncSchedules(env));
  } catch (error) {
    return [`Schedules: not synced (${(error as Error).message}); \`npx sluice schedules sync\` retries`];
  }
};

const print = (text: string) => process.stdout.write(text);

/** `sluice schedules sync|list`: the EventBridge rules that start runs on the pipelines' schedules. */
export const createSchedulesCommand = (readEnv: () => CliEnv): Command => {
  const schedules = new Command('schedules')
    .description('the EventBridge rules that start each pipeline on its schedule')
    .showHelpAfterError();
  schedules
    .command('sync')
    .description(
      'create or update a rule per pipeline file on the emulator, and delete those of removed files',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const result = await syncSchedules(readEnv());
      print(options.json ? jsonText(result) : `${describeSync(result).join('\n')}\n`);
    });
  schedules
    .command('list')
    .description('each schedule rule of this deployment: its schedule, state and target')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const env = readEnv();
      const rules = await withScheduleClients(env, async (deps) =>
        listScheduleRules(
          deps.events,
          env.SLUICE_PREFIX,
          (await findExtractQueue(deps.sqs, env.SLUICE_PREFIX)).arn,
        ),
      );
      // An object, as `schedules sync` prints, with the rules under the same key: a field can join them.
      print(options.json ? jsonText({ rules }) : formatScheduleRules(rules, env.SLUICE_PREFIX));
    });
  return schedules;
};
