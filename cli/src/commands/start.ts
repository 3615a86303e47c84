import { type CliEnv, PROJECT_ROOT, serviceEnvOf } from '../config.ts';
import { DEFAULT_CONSOLE_PORT } from '../console/console-address.ts';
import { offlineDataset, runPipelineLocally, SET_THEM_FOR_START, suppliedVariablesOf } from '../local-run.ts';
import { pipelineNamed } from '../pipelines/pipeline-catalogue.ts';
import { refuseUnsetVariables } from '../pipelines/refuse-unset-variables.ts';
import { jsonText } from '../reports/json-text.ts';
import { formatRunSummary } from '../run-summary.ts';
import { bringStackUp } from './stack.ts';

/** Where to see the run in a browser: the console is not started here, it runs until stopped. */
export const consoleLine = (runId: string): string =>
  `See it in the browser: \`npx sluice console\`, then http://127.0.0.1:${DEFAULT_CONSOLE_PORT}/runs/${runId}`;

/**
 * `npm start`: the whole local run from a fresh clone. Brings the stack up, runs the pipeline with the
 * services as local processes, prints the summary, and leaves the stack up for the next run.
 */
export const startCommand = async (
  env: CliEnv,
  options: { offline?: boolean; json?: boolean; pipeline?: string; force?: boolean },
) => {
  if (env.SLUICE_TARGET !== 'local')
    throw new Error('start runs the services locally; unset SLUICE_TARGET=aws');
  const say = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  const started = performance.now();
  const name = options.pipeline ?? 'rickandmorty';
  // Before the stack comes up (minutes, the first time): an unknown pipeline or a variable its services
  // would lack cannot run however long we wait.
  const pipeline = await pipelineNamed(env, name);
  const supplied = suppliedVariablesOf(pipeline, options.offline ?? false);
  refuseUnsetVariables(pipeline, { ...process.env, ...serviceEnvOf(env, supplied) }, SET_THEM_FOR_START);
  say('Bringing the local stack up');
  await bringStackUp(env, say);
  const summary = await runPipelineLocally({
    env,
    pipeline: name,
    force: options.force ?? false,
    ...(options.offline ? { dataset: offlineDataset() } : {}),
    say,
  });
  if (options.json) process.stdout.write(jsonText(summary));
  else {
    say(formatRunSummary(summary));
    say(consoleLine(summary.runId));
    say(
      `Whole command: ${((performance.now() - started) / 1000).toFixed(1)} s. The stack is still up (\`npx sluice stack down\` stops it); service logs are in ${PROJECT_ROOT}.sluice/logs`,
    );
  }
  if (summary.status !== 'succeeded') process.exitCode = 1;
};
