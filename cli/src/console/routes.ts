import { readFile } from 'node:fs/promises';
import { RunIdSchema } from '@sluice/contracts';
import { peekDeadLetters } from '../dead-letters/peek-dead-letters.ts';
import { countOption, OptionValueError } from '../option-values.ts';
import { loadCliPipelines } from '../pipelines/pipeline-catalogue.ts';
import { readQueueDepths } from '../queue-depths.ts';
import { readConsumersReport } from '../reports/consumers-report.ts';
import { readDeadLetterQueuesReport } from '../reports/dead-letter-queues-report.ts';
import { jsonText } from '../reports/json-text.ts';
import { pipelinesReportOf, readPipelinesState } from '../reports/pipelines-report.ts';
import { readQueuesReport } from '../reports/queues-report.ts';
import { readRejectedReport, UnknownRunError } from '../reports/rejected-report.ts';
import { readRunsReport, runFilterOf } from '../reports/runs-report.ts';
import { isRunReport, readStatusReport } from '../reports/status-report.ts';
import { postActions } from './actions.ts';
import type { ConsoleContext } from './context.ts';
import { type PageDetail, readPageDetail, UnknownPageError } from './page-detail.ts';
import { type GridWindow, gridWindowFrom } from './page-grid.ts';
import { ConsoleHttpError, type ConsoleRequest, type Reply } from './reply.ts';
import { streamRunEvents } from './run-events.ts';
import { readRunLive } from './run-live.ts';
import { consumersView } from './views/consumers-view.ts';
import { deadLettersView } from './views/dead-letters-view.ts';
import { layoutView, type Section } from './views/layout.ts';
import { pageView } from './views/page-view.ts';
import { pipelinesView } from './views/pipelines-view.ts';
import { queuesView } from './views/queues-view.ts';
import { runView } from './views/run-view.ts';
import { runsView } from './views/runs-view.ts';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: (request: ConsoleRequest, context: ConsoleContext) => Promise<Reply>;
}

const asset = (name: string, contentType: string) => {
  const body = readFile(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  return async (): Promise<Reply> => ({ kind: 'asset', contentType, body: await body });
};

const json = (value: unknown, status = 200): Reply => ({ kind: 'json', status, text: jsonText(value) });

const page =
  (request: ConsoleRequest, context: ConsoleContext, section: Section, title: string) =>
  (body: Parameters<typeof layoutView>[0]['body'], status = 200): Reply => ({
    kind: 'html',
    status,
    body: layoutView({ title, section, body, notice: context.notices.take(request.query.get('notice')) }),
  });

/** `?pipeline=…&status=…&limit=…` as `sluice runs` options; an empty field is no filter. */
const runFilterFrom = (query: URLSearchParams) => {
  const field = (name: string) => query.get(name) || undefined;
  try {
    return runFilterOf({
      pipeline: field('pipeline'),
      status: field('status'),
      limit: field('limit'),
      before: field('before'),
    });
  } catch (error) {
    if (error instanceof OptionValueError) throw new ConsoleHttpError(400, error.message);
    throw error;
  }
};

/** A runs listing, its `before` checked against the ledger: a refusal is a 400, as the CLI's is an error. */
const readRunsListing = async (context: ConsoleContext, query: URLSearchParams) => {
  try {
    return await readRunsReport(context.platform.warehouse.db, runFilterFrom(query));
  } catch (error) {
    if (error instanceof OptionValueError) throw new ConsoleHttpError(400, error.message);
    throw error;
  }
};

/** `?from=N`: the grid's window of pages starting at page N. */
const gridWindowOf = (query: URLSearchParams): GridWindow => {
  const from = query.get('from');
  if (from === null || from === '') return gridWindowFrom(1);
  try {
    return gridWindowFrom(countOption(from, 'from'));
  } catch (error) {
    if (error instanceof OptionValueError) throw new ConsoleHttpError(400, error.message);
    throw error;
  }
};

/** `/runs/<id>/pages/<resource>/<page>`: the page's detail, or a 404 saying what is not there. */
const pageDetailOf = async (request: ConsoleRequest, context: ConsoleContext): Promise<PageDetail> => {
  const runId = runIdOf(request);
  const resource = request.params[1] ?? '';
  const page = Number(request.params[2]);
  try {
    const detail = await readPageDetail(context.platform, context, { runId, resource, page });
    if (!detail) throw new ConsoleHttpError(404, `No run ${runId} in the warehouse`);
    return detail;
  } catch (error) {
    if (error instanceof UnknownPageError) throw new ConsoleHttpError(404, error.message);
    throw error;
  }
};

const runIdOf = (request: ConsoleRequest): string => {
  const runId = request.params[0] ?? '';
  if (!RunIdSchema.safeParse(runId).success) {
    throw new ConsoleHttpError(404, `${runId} is not a run id (they look like 20261125T150135Z-3fa9c2)`);
  }
  return runId;
};

const runsPage: Route['handle'] = async (request, context) => {
  const filter = runFilterFrom(request.query);
  const [report, pipelines] = await Promise.all([
    readRunsListing(context, request.query),
    loadCliPipelines(context.env),
  ]);
  const query = request.query.size > 0 ? `?${request.query}` : '';
  const next = new URLSearchParams(request.query);
  if (report.next) next.set('before', report.next);
  const view = {
    pipeline: filter.pipeline,
    status: filter.status,
    pipelines: pipelines.names(),
    query,
    next: report.next ? `?${next}` : null,
    paged: filter.before !== undefined,
  };
  return page(request, context, '/runs', 'Runs')(runsView(report, view));
};

const runPage: Route['handle'] = async (request, context) => {
  const runId = runIdOf(request);
  const report = await readStatusReport(context.platform, context.env, runId);
  if (!isRunReport(report)) throw new ConsoleHttpError(404, `No run ${runId} in the warehouse`);
  const [live, rejected] = await Promise.all([
    readRunLive(context.platform, runId, gridWindowOf(request.query)),
    readRejectedReport(context.platform, runId, { limit: 100 }),
  ]);
  if (!live) throw new ConsoleHttpError(404, `No run ${runId} in the warehouse`);
  const body = runView({ report, live, rejected }, context.csrfToken);
  return page(request, context, '/runs', `Run ${runId}`)(body);
};

const runEvents: Route['handle'] = async (request, context) =>
  streamRunEvents(context, runIdOf(request), request.query.get('status') ?? '', gridWindowOf(request.query));

const pagePage: Route['handle'] = async (request, context) => {
  const detail = await pageDetailOf(request, context);
  return page(
    request,
    context,
    '/runs',
    `${detail.resource} page ${detail.page} of ${detail.runId}`,
  )(pageView(detail));
};

const apiRun: Route['handle'] = async (request, context) => {
  const report = await readStatusReport(context.platform, context.env, runIdOf(request));
  return json(report, isRunReport(report) ? 200 : 404);
};

/** `?resource=…&limit=…` as `sluice rejected` options. */
const apiRejected: Route['handle'] = async (request, context) => {
  const limit = request.query.get('limit');
  const resource = request.query.get('resource');
  try {
    const report = await readRejectedReport(context.platform, runIdOf(request), {
      limit: limit === null ? 100 : countOption(limit, 'limit'),
      ...(resource ? { resource } : {}),
    });
    return json(report);
  } catch (error) {
    if (error instanceof UnknownRunError) throw new ConsoleHttpError(404, error.message);
    if (error instanceof OptionValueError) throw new ConsoleHttpError(400, error.message);
    throw error;
  }
};

/** Every page and its JSON twin; the JSON is what the matching `sluice … --json` prints, built by the same function. */
export const routes: Route[] = [
  { method: 'GET', pattern: /^\/$/, handle: async () => ({ kind: 'redirect', location: '/runs' }) },
  {
    method: 'GET',
    pattern: /^\/assets\/console\.css$/,
    handle: asset('console.css', 'text/css; charset=utf-8'),
  },
  {
    method: 'GET',
    pattern: /^\/assets\/console\.js$/,
    handle: asset('console.js', 'text/javascript; charset=utf-8'),
  },
  { method: 'GET', pattern: /^\/runs$/, handle: runsPage },
  { method: 'GET', pattern: /^\/runs\/([^/]+)$/, handle: runPage },
  { method: 'GET', pattern: /^\/runs\/([^/]+)\/events$/, handle: runEvents },
  { method: 'GET', pattern: /^\/runs\/([^/]+)\/pages\/([^/]+)\/([1-9]\d{0,8})$/, handle: pagePage },
  {
    method: 'GET',
    pattern: /^\/queues$/,
    handle: async (request, context) =>
      page(
        request,
        context,
        '/queues',
        'Queues',
      )(queuesView(await readQueueDepths(context.platform.sqs, context.platform.queues))),
  },
  {
    method: 'GET',
    pattern: /^\/dlq$/,
    handle: async (request, context) =>
      page(
        request,
        context,
        '/dlq',
        'Dead letters',
      )(deadLettersView(await peekDeadLetters(context.platform), context.csrfToken)),
  },
  {
    method: 'GET',
    pattern: /^\/pipelines$/,
    handle: async (request, context) =>
      page(
        request,
        context,
        '/pipelines',
        'Pipelines',
      )(pipelinesView(pipelinesReportOf(await readPipelinesState(context.env)), context.csrfToken)),
  },
  {
    method: 'GET',
    pattern: /^\/consumers$/,
    handle: async (request, context) =>
      page(
        request,
        context,
        '/consumers',
        'Consumers',
      )(consumersView((await readConsumersReport(context.platform, context.env)).consumers)),
  },
  {
    method: 'GET',
    pattern: /^\/api\/runs$/,
    handle: async (request, context) => json(await readRunsListing(context, request.query)),
  },
  { method: 'GET', pattern: /^\/api\/runs\/([^/]+)$/, handle: apiRun },
  {
    method: 'GET',
    pattern: /^\/api\/runs\/([^/]+)\/pages\/([^/]+)\/([1-9]\d{0,8})$/,
    handle: async (request, context) => json(await pageDetailOf(request, context)),
  },
  { method: 'GET', pattern: /^\/api\/runs\/([^/]+)\/rejected$/, handle: apiRejected },
  {
    method: 'GET',
    pattern: /^\/api\/queues$/,
    handle: async (_request, context) =>
      json(await readQueuesReport(context.platform.sqs, context.platform.queues)),
  },
  {
    method: 'GET',
    pattern: /^\/api\/dlq$/,
    handle: async (_request, context) => json(await readDeadLetterQueuesReport(context.platform)),
  },
  {
    method: 'GET',
    pattern: /^\/api\/pipelines$/,
    handle: async (_request, context) => json(pipelinesReportOf(await readPipelinesState(context.env))),
  },
  {
    method: 'GET',
    pattern: /^\/api\/consumers$/,
    handle: async (_request, context) => json(await readConsumersReport(context.platform, context.env)),
  },
  ...postActions,
];
