import { type CliEnv, PROJECT_ROOT } from '../config.ts';
import { preparePlatform } from '../platform.ts';
import { jsonText } from '../reports/json-text.ts';
import { type StackInfo, stackDown, stackStatus, stackUp } from '../stack/index.ts';

const describeStack = (info: StackInfo): string[] => [
  `AWS emulator: ${info.aws.state}${info.aws.via ? ` (${info.aws.via}${info.aws.version ? ` ${info.aws.version}` : ''})` : ''} at ${info.aws.endpoint}${info.aws.logFile ? `, log ${info.aws.logFile}` : ''}`,
  `MySQL: ${info.mysql.state}${info.mysql.version ? ` (${info.mysql.version})` : ''} at ${info.mysql.url}`,
];

/**
 * `stack up`: the emulator and MySQL running, the warehouse migrated, the bucket and queues created. Every
 * step is skipped when already done, so it is cheap to run before anything else.
 */
export const bringStackUp = async (env: CliEnv, say: (line: string) => void): Promise<void> => {
  if (env.SLUICE_TARGET === 'local') {
    const info = await stackUp({
      projectRoot: PROJECT_ROOT,
      endpoint: env.AWS_ENDPOINT_URL,
      databaseUrl: env.DATABASE_URL,
      onProgress: (message) => say(`  ${message}`),
    });
    for (const line of describeStack(info)) say(line);
  }
  const prepared = await preparePlatform(env);
  say(`Warehouse: database ${prepared.database} migrated`);
  if (prepared.tables.created.length > 0)
    say(`  tables created from pipeline files: ${prepared.tables.created.join(', ')}`);
  for (const change of prepared.tables.changed) say(`  ${change}`);
  say(`Staging: bucket ${prepared.bucket}, queues ${prepared.queues.join(', ')}`);
};

export const stackCommand = async (
  action: string,
  env: CliEnv,
  options: { quiet?: boolean; json?: boolean },
) => {
  // Under --json, stdout holds only the stack's status, after up or down too; their progress goes to stderr.
  const out = options.json ? process.stderr : process.stdout;
  const say = options.quiet ? () => {} : (line: string) => out.write(`${line}\n`);
  if (!['up', 'down', 'status'].includes(action)) {
    throw new Error(`stack takes up, down or status, not ${action}`);
  }
  if (env.SLUICE_TARGET === 'aws' && (action !== 'up' || options.json)) {
    throw new Error(
      `stack ${action}${options.json ? ' --json' : ''} is about the local stack; SLUICE_TARGET=aws has none`,
    );
  }
  if (action === 'up') await bringStackUp(env, say);
  if (action === 'down') {
    const stopped = await stackDown({
      projectRoot: PROJECT_ROOT,
      endpoint: env.AWS_ENDPOINT_URL,
      onProgress: (m) => say(`  ${m}`),
    });
    say(
      `Stopped: ${[stopped.aws, stopped.mysql && `mysql (${stopped.mysql})`].filter(Boolean).join(', ') || 'nothing (it was not started by sluice)'}`,
    );
  }
  if (action !== 'status' && !options.json) return;
  const info = await stackStatus({
    projectRoot: PROJECT_ROOT,
    endpoint: env.AWS_ENDPOINT_URL,
    databaseUrl: env.DATABASE_URL,
  });
  if (options.json) process.stdout.write(jsonText(info));
  else for (const line of describeStack(info)) say(line);
};
