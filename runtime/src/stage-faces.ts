import { metricsNamespaceOf, type Stage } from '@sluice/contracts';
import { createCancelledRuns } from './cancelled-runs.ts';
import { fingerprintOfProcess } from './configuration-fingerprint.ts';
import { explainConnectionFailure } from './connection-failure.ts';
import { announceConsumer } from './consumer-registry.ts';
import type { PlatformEnv } from './env.ts';
import { failurePolicyFrom, pollingFrom } from './env.ts';
import { ConfigError, describeError } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { startPoller } from './poller.ts';
import { createSqsLambdaHandler, type SqsLambdaHandler } from './sqs-lambda.ts';
import { batchHandlerOf, type StageDefinition, type StageDeps } from './stage.ts';
import { stopOnSignals } from './stop-on-signals.ts';
import type { StageTelemetry } from './telemetry/message-telemetry.ts';
import { startTracing } from './telemetry/tracing.ts';

// Metric lines go straight to stdout, beside the log lines but whatever LOG_LEVEL says: in Lambda, that
// is where CloudWatch reads them from.
const writeLine = (line: string) => {
  process.stdout.write(`${line}\n`);
};

/** A stage's telemetry: its spans (exported only with an OTLP endpoint) and its metric lines. */
const startTelemetry = async (service: string, env: PlatformEnv): Promise<StageTelemetry> => ({
  tracing: await startTracing({ service, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }),
  metrics: { namespace: metricsNamespaceOf(env.SLUICE_PREFIX), service, write: writeLine },
});

/**
 * A stage's process as both faces start it: environment read once, logger and telemetry, dependencies
 * built once.
 */
const bootStage = async <
  S extends Stage,
  E extends PlatformEnv,
  D extends StageDeps<S>,
  R extends Record<string, unknown>,
>(
  definition: StageDefinition<S, E, D, R>,
  env: E = definition.readEnv(),
) => {
  const log = createLogger(definition.service, { level: env.LOG_LEVEL });
  const telemetry = await startTelemetry(definition.service, env);
  const deps = await definition.createDeps(env);
  const faceOptions = {
    stage: definition.stage,
    queues: deps.queues[definition.stage],
    failureReportUrl: deps.queues.load.url,
    sqs: deps.sqs,
    log,
    telemetry,
  };
  const handleBatch = batchHandlerOf(definition, deps, createCancelledRuns(deps.s3, deps.bucket));
  return { env, log, deps, faceOptions, handleBatch, telemetry };
};

/**
 * A refusal at start (an invalid pipeline file, a variable missing or malformed) is the operator's to fix,
 * and its message says how: one fatal log line and exit code 1, which the CLI shows, rather than a stack
 * trace around it. So is the queues' or bucket's address refusing the first request (the queue URLs are
 * looked up at start): the line names the variable and the address. Anything else is thrown as it is.
 */
const bootOrRefuse = async <
  S extends Stage,
  E extends PlatformEnv,
  D extends StageDeps<S>,
  R extends Record<string, unknown>,
>(
  definition: StageDefinition<S, E, D, R>,
) => {
  let env: E | undefined;
  try {
    env = definition.readEnv();
    return await bootStage(definition, env);
  } catch (error) {
    const refusal =
      error instanceof ConfigError ? error.message : env && explainConnectionFailure(error, env);
    if (!refusal) throw error;
    createLogger(definition.service).fatal(`refused to start: ${refusal}`);
    // Whatever the failed start left open (a pool, a client) must not keep the process waiting.
    process.exit(1);
  }
};

/**
 * The local face: polls the stage's queue until SIGTERM, SIGINT or (if asked) the parent's pipe closes,
 * and announces itself meanwhile in the consumer registry, with the fingerprint of the configuration
 * that shapes its work, so that `sluice status` lists it and a CLI with another configuration refuses
 * to run beside it.
 */
export const runStagePoller = async <
  S extends Stage,
  E extends PlatformEnv,
  D extends StageDeps<S>,
  R extends Record<string, unknown>,
>(
  definition: StageDefinition<S, E, D, R>,
): Promise<void> => {
  const { env, log, deps, faceOptions, handleBatch, telemetry } = await bootOrRefuse(definition);
  const poller = startPoller({
    ...faceOptions,
    ...definition.polling(env),
    ...pollingFrom(env),
    handleBatch: definition.holdInPoller?.(handleBatch, deps, log) ?? handleBatch,
    connection: env,
  });
  const announcement = await announceConsumer({
    s3: deps.s3,
    bucket: deps.bucket,
    stage: definition.stage,
    fingerprint: await fingerprintOfProcess({ ...process.env, ...env }),
    log,
  });
  stopOnSignals([poller, announcement], log, {
    stopWhenStdinEnds: env.SLUICE_STOP_WITH_PARENT,
    // The spans of the last batches are exported before the process ends.
    afterStop: async () => {
      const exported = telemetry.tracing.shutdown().catch((error: unknown) => {
        log.warn({ reason: describeError(error) }, 'could not export spans');
      });
      await Promise.all([definition.closeDeps?.(deps), exported]);
    },
  });
};

/** The Lambda face, built once per container before the first event. */
export const createStageLambda = async <
  S extends Stage,
  E extends PlatformEnv,
  D extends StageDeps<S>,
  R extends Record<string, unknown>,
>(
  definition: StageDefinition<S, E, D, R>,
): Promise<{ handler: SqsLambdaHandler; deps: D; log: Logger }> => {
  const { env, log, deps, faceOptions, handleBatch } = await bootStage(definition);
  const handler = createSqsLambdaHandler({ ...faceOptions, ...failurePolicyFrom(env), handleBatch });
  return { handler, deps, log };
};
