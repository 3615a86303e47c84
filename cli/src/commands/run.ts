import { type CliEnv, serviceEnvOf } from '../config.ts';
import { refuseForeignConsumers } from '../consumers/refuse-foreign-consumers.ts';
import { fingerprintOfServices } from '../consumers/services-fingerprint.ts';
import { pipelineNamed } from '../pipelines/pipeline-catalogue.ts';
import { refuseUnsetVariables } from '../pipelines/refuse-unset-variables.ts';
import { connectPlatform, runDepsOf } from '../platform.ts';
import { createProgressDisplay } from '../progress-display.ts';
import { jsonText } from '../reports/json-text.ts';
import { requestRun } from '../request-run.ts';
import { formatRunSummary, summariseRun } from '../run-summary.ts';
import { countStagePages, totalPages } from '../staged-pages.ts';
import { waitForRun } from '../wait-for-run.ts';

/** `sluice run <pipeline>`: asks the running services (local pollers or Lambdas) for a run. */
export const runCommand = async (
  pipeline: string,
  env: CliEnv,
  options: { wait?: boolean; json?: boolean; fullRefresh?: boolean; resources?: string; force?: boolean },
) => {
  const definition = await pipelineNamed(env, pipeline);
  // Locally the services are `sluice services` pollers with this shell's configuration (a poller with
  // another is refused below), so what this shell lacks they lack. In AWS the functions' configuration
  // is the stack's, checked at synth.
  if (env.SLUICE_TARGET === 'local') {
    refuseUnsetVariables(
      definition,
      { ...process.env, ...serviceEnvOf(env) },
      'in the environment, both where the services run (`npm run dev`) and where you run `sluice run`',
    );
  }
  const platform = await connectPlatform(env);
  try {
    // The services this run is for are whatever polls: one that works with other pipeline files,
    // variables or warehouse than ours (`sluice services` would start) would take the run its way.
    await refuseForeignConsumers(platform, await fingerprintOfServices(env), {
      prefix: env.SLUICE_PREFIX,
      force: options.force ?? false,
      warn: (line) => process.stderr.write(`${line}\n`),
    });
    const deps = runDepsOf(platform);
    const runId = await requestRun(deps, definition, {
      ...(options.resources ? { resources: options.resources.split(',') } : {}),
      ...(options.fullRefresh ? { fullRefresh: true } : {}),
    });
    if (!options.wait) {
      if (options.json) process.stdout.write(jsonText({ runId, pipeline, status: 'running' }));
      else process.stdout.write(`Run ${runId} requested; \`npx sluice status ${runId}\` follows it\n`);
      return;
    }
    if (!options.json)
      process.stdout.write(`Run ${runId} requested; waiting for it (the services must be running)\n`);
    const display = createProgressDisplay();
    const outcome = await waitForRun(deps, runId, {
      outageLimitSeconds: env.SLUICE_OUTAGE_LIMIT_SECONDS,
      onOutage: (line) => process.stderr.write(`${line}\n`),
      connection: env,
      onProgress: async (progress) =>
        display.update(await countStagePages(platform, progress), totalPages(progress), ''),
    });
    display.stop();
    const summary = await summariseRun(platform.warehouse.db, definition, outcome.progress, outcome.depths, {
      seconds: outcome.seconds,
      bucket: platform.bucket,
      s3: platform.s3,
    });
    process.stdout.write(options.json ? jsonText(summary) : `${formatRunSummary(summary)}\n`);
    if (outcome.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await platform.close();
  }
};
