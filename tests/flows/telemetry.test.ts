import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, requestRun, serviceEnvOf, waitForRun } from '@sluice/cli';
import { MESSAGE_VERSION, type METRIC_UNITS, metricsNamespaceOf } from '@sluice/contracts';
import { generateRickAndMortyDataset, type RickAndMortyApi, startRickAndMortyApi } from '@sluice/fixtures';
import { type ResourceProgress, type RunProgress, readRunProgress } from '@sluice/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedPlatform, type IsolatedPlatform } from '../support/isolated-platform.ts';
import { type LambdaHarness, startLambdaHarness } from '../support/lambda-harness.ts';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { rickAndMortyPipeline } from '../support/rickandmorty-tables.ts';
import { createServiceFleet, type ServiceFleet } from '../support/service-fleet.ts';
import { runSluice } from '../support/sluice-cli.ts';
import { toSqsEvent } from '../support/sqs-event.ts';
import { FAIL_FAST_ENV } from '../support/test-env.ts';
import { waitUntilDrained } from '../support/warehouse-assertions.ts';

const SERVICES = ['extractor', 'transformer', 'loader'] as const;

const parsedLines = (lines: string[]): Record<string, unknown>[] =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe('Flow: the logs, metrics and traces of a run, through a dead-lettered page and its replay', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let fleet: ServiceFleet;
  let receiver: OtlpReceiver;
  let runId: string;
  let progress: RunProgress | null;
  // 3 pages of characters (one malformed record), 1 of locations, 1 of episodes.
  const dataset = generateRickAndMortyDataset({
    seed: 15,
    characters: 45,
    locations: 5,
    episodes: 4,
    invalidCharacters: 1,
  });
  // Character page 2 answers 500 until the source is fixed: retried once, then dead-lettered.
  let sourceFixed = false;

  const deps = () => ({
    db: isolated.platform.warehouse.db,
    sqs: isolated.platform.sqs,
    queues: isolated.platform.queues,
    clock: { now: () => new Date() },
  });

  /** The spans of one page of the run, from every service. */
  const spansOfPage = (resource: string, page: number) =>
    receiver.spans.filter(
      ({ attributes }) =>
        attributes['sluice.run_id'] === runId &&
        attributes['sluice.resource'] === resource &&
        attributes['sluice.page'] === page,
    );
  const only = (spans: ReceivedSpan[], name: string, service: string): ReceivedSpan[] =>
    spans.filter((span) => span.name === name && span.service === service);
  const childOf = (parent: ReceivedSpan | undefined, name: string) =>
    receiver.spans.find((span) => span.name === name && span.parentSpanId === parent?.spanId);

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    isolated = await createIsolatedPlatform('telemetry');
    api = await startRickAndMortyApi({
      dataset,
      intercept: ({ resource, page }) =>
        !sourceFixed && resource === 'character' && page === 2
          ? { status: 500, body: '{"error":"upstream down"}' }
          : undefined,
    });
    fleet = createServiceFleet(
      serviceEnvOf(isolated.env, {
        RICK_AND_MORTY_API_URL: api.url,
        ...FAIL_FAST_ENV,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      }),
      isolated.logDir,
    );

    // A run that fails on character page 2, then completes once the page is replayed from its DLQ.
    await fleet.startAll();
    runId = await requestRun(deps(), rickAndMortyPipeline);
    const failed = await waitForRun(deps(), runId, { timeoutMs: 60_000 });
    expect(failed.status).toBe('failed');
    sourceFixed = true;
    const replayed = await runSluice(isolated.env, 'dlq', 'replay', 'extract', '--json');
    expect(replayed.code).toBe(0);
    const db = isolated.platform.warehouse.db;
    for (let waited = 0; !(await readRunProgress(db, runId))?.complete && waited < 60_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await waitUntilDrained(isolated.platform.sqs, isolated.platform.queues);
    progress = await readRunProgress(db, runId);
    // SIGTERM: each poller stops, then exports the spans it still holds.
    await fleet.stopAll();
  });
  afterAll(async () => {
    await fleet?.stopAll(2_000);
    await api?.close();
    await receiver?.close();
    await isolated?.destroy();
  });

  it('traces a page through the three services as one trace, each stage the child of the one before', () => {
    // Act
    const page = spansOfPage('character', 1);
    const [extract] = only(page, 'extract page.requested', 'extractor');
    const [transform] = only(page, 'transform page.staged', 'transformer');
    const [load] = only(page, 'load page.transformed', 'loader');
    const transaction = childOf(load, 'load transaction');

    // Assess
    expect(progress?.complete).toBe(true);
    expect(new Set([extract, transform, load, transaction].map((span) => span?.traceId)).size).toBe(1);
    expect(transform?.parentSpanId).toBe(extract?.spanId);
    expect(load?.parentSpanId).toBe(transform?.spanId);
    expect(transaction?.service).toBe('loader');
    expect(transaction?.attributes['sluice.shared_by']).toEqual(expect.any(Number));
    // The page's trace starts where the run asked for it, linked to the run request's own trace.
    const start = receiver.spans.find((span) => span.spanId === extract?.parentSpanId);
    const [request] = only(receiver.spans, 'extract run.requested', 'extractor').filter(
      (span) => span.attributes['sluice.run_id'] === runId,
    );
    expect(start).toMatchObject({ name: 'send page.requested', parentSpanId: '', service: 'extractor' });
    expect(start?.links).toEqual([{ traceId: request?.traceId, spanId: request?.spanId }]);
    expect(request?.traceId).not.toBe(extract?.traceId);
  });

  it('keeps a dead-lettered page in its trace through the retry, the DLQ and the replay', () => {
    // Act
    const page = spansOfPage('character', 2);
    const attempts = only(page, 'extract page.requested', 'extractor');
    const [report] = only(page, 'load page.failed', 'loader');
    const [transform] = only(page, 'transform page.staged', 'transformer');
    const [load] = only(page, 'load page.transformed', 'loader');

    // Assess: retried, dead-lettered, then handled when replayed; each attempt under the same parent.
    expect(attempts.map((span) => span.attributes['sluice.outcome'])).toEqual([
      'retry',
      'dead-lettered',
      'handled',
    ]);
    expect(attempts[1]?.status).toMatchObject({ code: 2, message: expect.stringMatching(/answered 500/) });
    expect(new Set(attempts.map((span) => span.parentSpanId)).size).toBe(1);
    const traces = new Set([...attempts, report, transform, load].map((span) => span?.traceId));
    expect(traces.size).toBe(1);
    // The run was told of the failure from within the failed attempt's span; the replay went on as usual.
    expect(report?.parentSpanId).toBe(attempts[1]?.spanId);
    expect(transform?.parentSpanId).toBe(attempts[2]?.spanId);
    expect(load?.parentSpanId).toBe(transform?.spanId);
  });

  it('logs a page’s lines with its trace id, in every service, with the same keys', () => {
    // Act
    const [extract] = only(spansOfPage('character', 1), 'extract page.requested', 'extractor');
    const handled = SERVICES.map((service) =>
      parsedLines(fleet.linesOf(service)).find(
        (line) =>
          line.msg === 'handled' && line.runId === runId && line.resource === 'character' && line.page === 1,
      ),
    );

    // Assess
    for (const [index, line] of handled.entries()) {
      expect(line).toMatchObject({
        service: SERVICES[index],
        stage: ['extract', 'transform', 'load'][index],
        pipeline: 'rickandmorty',
        messageId: expect.any(String),
        attempt: 1,
        traceId: extract?.traceId,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    }
    const keys = [
      'stage',
      'pipeline',
      'runId',
      'resource',
      'page',
      'messageId',
      'attempt',
      'traceId',
      'spanId',
    ];
    for (const line of handled) expect(Object.keys(line ?? {})).toEqual(expect.arrayContaining(keys));
  });

  it('writes metric lines whose sums over the run equal its counts in the warehouse', () => {
    // Act
    const metricLines = (service: (typeof SERVICES)[number]) =>
      parsedLines(fleet.linesOf(service)).filter(
        (line) => '_aws' in line && line.pipeline === 'rickandmorty',
      );
    const sum = (service: (typeof SERVICES)[number], name: keyof typeof METRIC_UNITS) =>
      metricLines(service).reduce((total, line) => total + Number(line[name] ?? 0), 0);
    const counted = (pick: (resource: ResourceProgress) => number) =>
      (progress?.resources ?? []).reduce((total, resource) => total + pick(resource), 0);

    // Assess
    expect(sum('loader', 'PagesLoaded')).toBe(counted((r) => r.pages.loaded - r.pages.skipped));
    expect(sum('loader', 'PagesSkipped')).toBe(counted((r) => r.pages.skipped));
    expect(sum('loader', 'RecordsRejected')).toBe(counted((r) => r.records.rejected));
    expect(sum('loader', 'RecordsRejected')).toBe(1);
    expect(sum('loader', 'RowsWritten')).toBe(counted((r) => r.rowsWritten));
    expect(sum('extractor', 'PagesDeadLettered')).toBe(1);
    // Dimensions: service and pipeline, in the deployment's namespace; a run or a page nowhere.
    const lines = SERVICES.flatMap(metricLines);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line._aws).toMatchObject({
        CloudWatchMetrics: [
          {
            Namespace: metricsNamespaceOf(isolated.env.SLUICE_PREFIX),
            Dimensions: [['service', 'pipeline']],
          },
        ],
      });
      expect(line).not.toHaveProperty('runId');
      expect(line).not.toHaveProperty('page');
    }
  });
});

describe('Flow: the Lambda bundles’ spans', () => {
  let isolated: IsolatedPlatform;
  let api: RickAndMortyApi;
  let receiver: OtlpReceiver;
  let extractor: LambdaHarness;
  const bundle = (service: string) => join(PROJECT_ROOT, 'services', service, 'dist', 'lambda');

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    isolated = await createIsolatedPlatform('telemetry-lambda');
    api = await startRickAndMortyApi({
      dataset: generateRickAndMortyDataset({ seed: 16, characters: 5, locations: 2, episodes: 2 }),
    });
    const { queues, bucket } = isolated.platform;
    extractor = startLambdaHarness(bundle('extractor'), {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: isolated.env.AWS_ENDPOINT_URL ?? '',
      SLUICE_PREFIX: isolated.env.SLUICE_PREFIX,
      SLUICE_BUCKET: bucket,
      LOG_LEVEL: 'info',
      EXTRACT_QUEUE_URL: queues.extract.url,
      EXTRACT_DLQ_URL: queues.extract.deadLetterUrl,
      TRANSFORM_QUEUE_URL: queues.transform.url,
      LOAD_QUEUE_URL: queues.load.url,
      RICK_AND_MORTY_API_URL: api.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    });
  });
  afterAll(async () => {
    await extractor?.close();
    await api?.close();
    await receiver?.close();
    await isolated?.destroy();
  });

  it('exports a batch’s spans before the handler returns, with the invocation’s request id', async () => {
    // Prepare
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const request = {
      version: MESSAGE_VERSION,
      type: 'page.requested',
      runId: '20261203T120000Z-00007e',
      pipeline: 'rickandmorty',
      resource: 'location',
      page: 1,
      url: `${api.url}/location?page=1`,
      traceparent,
    };
    const message = { MessageId: 'm-1', ReceiptHandle: 'r-1', Body: JSON.stringify(request) };

    // Act
    await extractor.invoke(toSqsEvent([message], 'arn:aws:sqs:us-east-1:000000000000:t-extract'));

    // Assess: the span is at the collector already, not in a batch the frozen sandbox would never send.
    const span = receiver.spans.find((candidate) => candidate.name === 'extract page.requested');
    expect(span).toMatchObject({
      service: 'extractor',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      attributes: expect.objectContaining({ 'faas.invocation_id': 'local', 'sluice.outcome': 'handled' }),
    });
    const handled = parsedLines(extractor.logs).find((line) => line.msg === 'handled');
    expect(handled).toMatchObject({ requestId: 'local', traceId: span?.traceId, spanId: span?.spanId });
    expect(parsedLines(extractor.logs).some((line) => '_aws' in line)).toBe(true);
  });

  it.each(['extractor', 'transformer', 'loader'])(
    'keeps the OpenTelemetry SDK out of what the %s bundle imports at a cold start',
    (service) => {
      // Prepare: esbuild's record of the bundle (scripts/bundle-lambda.mjs writes it beside the folder).
      const meta = JSON.parse(
        readFileSync(join(PROJECT_ROOT, 'services', service, 'dist', 'lambda.meta.json'), 'utf8'),
      ) as {
        outputs: Record<
          string,
          { inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }
        >;
      };

      // Act: every output the entry reaches through static imports.
      const entry = Object.keys(meta.outputs).find((path) => path.endsWith('/lambda/index.mjs')) ?? '';
      const reached = new Set<string>();
      const visit = (path: string) => {
        if (reached.has(path) || !meta.outputs[path]) return;
        reached.add(path);
        for (const imported of meta.outputs[path].imports) {
          if (imported.kind === 'import-statement') visit(imported.path);
        }
      };
      visit(entry);
      const inputs = (paths: Iterable<string>) =>
        [...paths].flatMap((path) => Object.keys(meta.outputs[path]?.inputs ?? {}));

      // Assess
      const sdk = /node_modules\/@opentelemetry\/(sdk-trace|exporter-trace-otlp-http|resources)\//;
      expect(inputs(reached).filter((input) => sdk.test(input))).toEqual([]);
      expect(inputs(Object.keys(meta.outputs)).some((input) => sdk.test(input))).toBe(true);
    },
  );
});
