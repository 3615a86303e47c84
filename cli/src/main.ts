import { Command } from 'commander';
import { cancelRunCommand } from './commands/cancel-run.ts';
import { consoleCommand } from './commands/console.ts';
import { consumersCommand } from './commands/consumers.ts';
import { createDlqCommand } from './commands/dlq.ts';
import { newPipelineCommand } from './commands/new-pipeline.ts';
import { pipelinesCommand } from './commands/pipelines.ts';
import { previewCommand } from './commands/preview.ts';
import { queuesCommand } from './commands/queues.ts';
import { rejectedCommand } from './commands/rejected.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { createSampleCommand } from './commands/sample.ts';
import { serveApiCommand } from './commands/serve-api.ts';
import { servicesCommand } from './commands/services.ts';
import { stackCommand } from './commands/stack.ts';
import { startCommand } from './commands/start.ts';
import { statusCommand } from './commands/status.ts';
import { createTablesCommand } from './commands/tables.ts';
import { validateCommand } from './commands/validate.ts';
import { type CliEnv, readCliEnv } from './config.ts';
import { DEFAULT_CONSOLE_PORT } from './console/console-address.ts';
import { explainFailure } from './explain-failure.ts';
import { jsonText } from './reports/json-text.ts';
import { createSchedulesCommand } from './schedules/schedules-command.ts';

const program = new Command('sluice')
  .description('Sluice: extract to S3, transform with zod, load into MySQL, connected by SQS')
  .showHelpAfterError();

program
  .command('start [pipeline]')
  .description(
    'bring the local stack up, run a pipeline (default rickandmorty) end to end with local services, print a summary',
  )
  .option(
    '--offline',
    'serve the bundled dataset on a loopback port instead of calling the real API (sakila: the local sample, created if missing)',
  )
  .option('--pipeline <name>', 'the pipeline to run (or name it as the argument)')
  .option('--json', 'print the summary as JSON')
  .option('--force', 'run even while a service process with another configuration polls the same queues')
  .action((pipeline: string | undefined, options) =>
    startCommand(readCliEnv(), { ...options, pipeline: pipeline ?? options.pipeline }),
  );

program
  .command('run <pipeline> [runId]')
  .description(
    'request a run from the running services; `run cancel <runId>` cancels one (its remaining messages are acknowledged without work)',
  )
  .option('--wait', 'wait until every page is loaded or has failed, showing progress')
  .option('--resources <names>', 'only these resources, comma-separated')
  .option('--full-refresh', 'ignore incremental cursors and unchanged-page hashes: fetch and load everything')
  .option('--json', 'print JSON')
  .option('--force', 'request the run even while a service process with another configuration polls')
  .action((pipeline, runId, options) =>
    pipeline === 'cancel' && runId
      ? cancelRunCommand(runId, readCliEnv(), options)
      : runCommand(pipeline, readCliEnv(), options),
  );

program
  .command('rejected <runId>')
  .description('the records a run rejected, with the reason for each')
  .option('--resource <name>', 'only this resource')
  .option('--limit <n>', 'show at most this many (default 100)')
  .option('--json', 'print JSON')
  .action((runId, options) => rejectedCommand(runId, readCliEnv(), options));

program
  .command('status [runId]')
  .description(
    'the latest run (or the one named): pages and records per resource, queue and DLQ depths, consumers',
  )
  .option('--json', 'print JSON')
  .action((runId, options) => statusCommand(runId, readCliEnv(), options));

program
  .command('runs')
  .description('the latest runs, newest first: pipeline, status, when, how long, pages and records')
  .option('--pipeline <name>', "only this pipeline's runs")
  .option('--status <status>', 'only runs in this status: running, failing, succeeded, failed or cancelled')
  .option('--limit <n>', 'show at most this many (default 50)')
  .option(
    '--before <runId|time>',
    'only runs listed after this run (its id), or requested before this time: the next page',
  )
  .option('--json', 'print JSON')
  .action((options) => runsCommand(readCliEnv(), options));

program
  .command('queues')
  .description("each stage's queue and dead-letter queue depths, as SQS counts them")
  .option('--json', 'print JSON')
  .action((options) => queuesCommand(readCliEnv(), options));

program
  .command('consumers')
  .description('the service processes polling the queues, and whether each has this configuration')
  .option('--json', 'print JSON')
  .action((options) => consumersCommand(readCliEnv(), options));

program
  .command('console')
  .description(
    'a local operator console in the browser, on 127.0.0.1: runs, queues, dead letters, pipelines, consumers',
  )
  .option('--port <port>', `the port to listen on (default ${DEFAULT_CONSOLE_PORT}; 0: any free one)`)
  .option('--host <address>', 'a loopback address to listen on (default 127.0.0.1); any other is refused')
  .option('--logs <dir>', "the services' JSON logs, for a page's log lines (default .sluice/logs)")
  .action((options) => consoleCommand(readCliEnv(), options));

program
  .command('stack <action>')
  .description(
    'up | down | status of the local stack (LocalStack and MySQL); up also migrates and creates the queues',
  )
  .option('--quiet', 'print nothing but errors')
  .option('--json', "print the stack's status as JSON (after up or down too; their progress goes to stderr)")
  .action((action, options) => stackCommand(action, readCliEnv(), options));

program
  .command('services')
  .description('run the extractor, transformer and loader pollers in the foreground')
  .action(() => servicesCommand(readCliEnv()));

program
  .command('serve-api')
  .description(
    'serve a Rick and Morty API on loopback: the bundled dataset, a generated one, or a recorded copy',
  )
  .option('--dir <folder>', 'serve characters.json, locations.json and episodes.json from this folder')
  .option('--characters <n>', 'serve a generated dataset with this many characters')
  .option('--html', 'serve an episodes web site instead, for the episodes-html pipeline')
  .option('--port <port>', 'the port to listen on (default: any free one)')
  .action((options) => serveApiCommand(options));

program.addCommand(createDlqCommand(readCliEnv));
program.addCommand(createSchedulesCommand(readCliEnv));
program.addCommand(createSampleCommand());
program.addCommand(createTablesCommand(readCliEnv));

program
  .command('validate [files...]')
  .description('check pipeline files (default: every pipelines/*.yaml); each error as file:line:column')
  .action((files: string[]) => validateCommand(files));

program
  .command('preview <pipeline> [resource]')
  .description(
    'fetch one page of a resource (default the first) as a run would, with no stack: its records, then the rows and rejections its mapping makes of them',
  )
  .option('--page <n>', 'the page to show (default 1), reached through the source’s own pagination')
  .option('--limit <k>', 'show at most this many records, rows and rejections (default 10)')
  .option('--infer', 'draft transform and destination columns from the page’s records, as YAML to paste')
  .option(
    '--pages <n>',
    'with --infer: draft from this many pages from --page on (default 1), so one page’s values do not decide',
  )
  .option('--json', 'print JSON')
  .action((pipeline: string, resource: string | undefined, options) =>
    previewCommand(pipeline, resource, readCliEnv(), options),
  );

program
  .command('new <name>')
  .description(
    'start pipelines/<name>.yaml from the first page of a URL: a source drafted from it, and columns inferred from its records',
  )
  .requiredOption('--from <url>', 'the first page: a JSON API’s resource, or a web page listing records')
  .option('--type <type>', 'rest or html (default: from the answer’s content type)')
  .option('--resource <name>', 'the resource’s name (default: the last segment of the URL’s path)')
  .option('--bearer <variable>', 'send the token in this environment variable, as auth: bearer')
  .option('--json', 'print JSON')
  .action((name: string, options) => newPipelineCommand(name, readCliEnv(), options));

program
  .command('pipelines')
  .description('each pipeline file: its source, resources, schedule and last run')
  .option('--json', 'print JSON')
  .action((options) => pipelinesCommand(readCliEnv(), options));

// The environment as the failed command read it, for naming what it could not reach; null when reading it
// was the failure.
const envForMessages = (): CliEnv | null => {
  try {
    return readCliEnv();
  } catch {
    return null;
  }
};

try {
  await program.parseAsync();
} catch (error) {
  const explained = explainFailure(error, envForMessages());
  process.stderr.write(`sluice: ${explained}\n`);
  // Whoever asked for JSON parses stdout: a refusal is JSON there too, never an empty page.
  if (process.argv.includes('--json')) process.stdout.write(jsonText({ error: explained }));
  process.exitCode = 1;
}
