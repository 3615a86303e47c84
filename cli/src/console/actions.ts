import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { serviceEnvOf } from '../config.ts';
import { ForeignConsumersError, refuseForeignConsumers } from '../consumers/refuse-foreign-consumers.ts';
import { fingerprintOfServices } from '../consumers/services-fingerprint.ts';
import { formatPurgeResults, formatReplayResults } from '../dead-letters/format-dead-letters.ts';
import { planPurge, purgeDeadLetters } from '../dead-letters/purge-dead-letters.ts';
import { replayDeadLetters } from '../dead-letters/replay-dead-letters.ts';
import { replayRequestOf } from '../dead-letters/replay-request.ts';
import { selectStages } from '../dead-letters/select-stages.ts';
import { pipelineNamed } from '../pipelines/pipeline-catalogue.ts';
import { refuseUnsetVariables, UnsetVariablesError } from '../pipelines/refuse-unset-variables.ts';
import { runDepsOf } from '../platform.ts';
import { readConsumersReport } from '../reports/consumers-report.ts';
import { requestRun } from '../request-run.ts';
import type { ConsoleContext } from './context.ts';
import { ConsoleHttpError, type ConsoleRequest, type Reply } from './reply.ts';
import { plural } from './views/format.ts';
import type { Notice } from './views/layout.ts';

type Action = (request: ConsoleRequest, context: ConsoleContext) => Promise<Reply>;

/** Answers a POST by redirecting (303) to a page that shows what it did once. */
const redirectWith = (context: ConsoleContext, location: string, notice: Notice): Reply => ({
  kind: 'redirect',
  location: `${location}?notice=${context.notices.post(notice)}`,
});

/** A form's field, or why the request is refused. */
const fieldOf = (form: URLSearchParams, name: string): string => {
  const value = form.get(name);
  if (value === null || value === '') throw new ConsoleHttpError(400, `the form has no ${name}`);
  return value;
};

const asBadRequest = <T>(read: () => T): T => {
  try {
    return read();
  } catch (error) {
    throw new ConsoleHttpError(400, (error as Error).message, { cause: error });
  }
};

/** Replays a stage's dead letters (or every stage's: `all`), of one run or all, as `sluice dlq replay`. */
const replay: Action = async (request, context) => {
  const run = request.form.get('run') || undefined;
  const stage = fieldOf(request.form, 'stage');
  const options = asBadRequest(() => replayRequestOf(stage, context.env, run === undefined ? {} : { run }));
  const results = await replayDeadLetters(context.platform, options);
  const failed = results.some((result) => result.problem !== undefined);
  return redirectWith(context, '/dlq', {
    kind: failed ? 'error' : 'ok',
    text: formatReplayResults(results, run),
  });
};

/** Purges a stage's DLQ, only once the stage's name was typed in: a purge deletes for good. */
const purge: Action = async (request, context) => {
  const stage = fieldOf(request.form, 'stage');
  const stages = asBadRequest(() => selectStages(stage));
  if ((request.form.get('confirm') ?? '').trim() !== stage) {
    const plan = await planPurge(context.platform, stages);
    const count = plan.reduce((sum, entry) => sum + entry.purged, 0);
    return redirectWith(context, '/dlq', {
      kind: 'error',
      text: `Not purged: type ${stage} in the box to confirm. A purge deletes, for good, ${plural(count, 'message')}.`,
    });
  }
  const results = await purgeDeadLetters(context.platform, stages);
  return redirectWith(context, '/dlq', { kind: 'ok', text: formatPurgeResults(results) });
};

/** What to say after requesting a run: that it waits when nothing polls the queues. */
const requestedNotice = async (
  context: ConsoleContext,
  runId: string,
  fullRefresh: boolean,
): Promise<Notice> => {
  const { consumers } = await readConsumersReport(context.platform, context.env);
  const what = `Run ${runId} requested${fullRefresh ? ' (full refresh)' : ''}`;
  if (consumers.length > 0) return { kind: 'ok', text: `${what}.` };
  return {
    kind: 'warn',
    text: `${what}, but no service polls the queues: it waits until one does (npx sluice services).`,
  };
};

/**
 * Run now, or a full refresh, as `sluice run <pipeline> [--full-refresh]`: refused while a service with
 * another configuration polls the queues (it would take the run its own way).
 */
const runNow: Action = async (request, context) => {
  const name = request.params[0] ?? '';
  const fullRefresh = request.form.get('fullRefresh') === '1';
  let definition: PipelineDefinition;
  try {
    definition = await pipelineNamed(context.env, name);
  } catch (error) {
    throw new ConsoleHttpError(404, (error as Error).message, { cause: error });
  }
  try {
    // As `sluice run` checks: locally the services are pollers with this configuration, so what the
    // console's environment lacks they lack; a poller with another configuration would take the run.
    if (context.env.SLUICE_TARGET === 'local') {
      const servicesEnv = { ...process.env, ...serviceEnvOf(context.env) };
      refuseUnsetVariables(definition, servicesEnv, 'where the services run and where `sluice console` runs');
    }
    await refuseForeignConsumers(context.platform, await fingerprintOfServices(context.env), {
      prefix: context.env.SLUICE_PREFIX,
      warn: () => {},
    });
  } catch (error) {
    if (!(error instanceof ForeignConsumersError || error instanceof UnsetVariablesError)) throw error;
    return redirectWith(context, '/pipelines', { kind: 'error', text: error.message });
  }
  const runId = await requestRun(runDepsOf(context.platform), definition, fullRefresh ? { fullRefresh } : {});
  return redirectWith(context, `/runs/${runId}`, await requestedNotice(context, runId, fullRefresh));
};

/** The console's state changes: each a POST, checked for its origin and CSRF token before it gets here. */
export const postActions = [
  { method: 'POST' as const, pattern: /^\/dlq\/replay$/, handle: replay },
  { method: 'POST' as const, pattern: /^\/dlq\/purge$/, handle: purge },
  { method: 'POST' as const, pattern: /^\/pipelines\/([^/]+)\/run$/, handle: runNow },
];
