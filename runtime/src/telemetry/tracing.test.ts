import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { SENDER } from '../../tests/helpers/factories.ts';
import { tracesUrlOf } from './exporting-tracing.ts';
import { contextOfFields, fieldsOfSpan } from './trace-fields.ts';
import { idsOnlyTracing, startTracing } from './tracing.ts';

describe('Function: startTracing()', () => {
  it('loads no SDK and exports nothing without an endpoint', async () => {
    // Act
    const tracing = await startTracing({ service: 'loader', endpoint: undefined });

    // Assess
    expect(tracing).toBe(idsOnlyTracing);
    expect(tracing.exporting).toBe(false);
  });

  it('exports with the SDK when an endpoint is set', async () => {
    // Act
    const tracing = await startTracing({ service: 'loader', endpoint: 'http://127.0.0.1:1' });
    const span = tracing.startSpan('load page.transformed', {}, ROOT_CONTEXT);

    // Assess (the span is not ended: nothing is sent to the endpoint, where nothing listens)
    expect(tracing.exporting).toBe(true);
    expect(span.isRecording()).toBe(true);
  });
});

describe('Function: tracesUrlOf()', () => {
  it.each([
    ['http://127.0.0.1:4318', 'http://127.0.0.1:4318/v1/traces'],
    ['http://127.0.0.1:4318/', 'http://127.0.0.1:4318/v1/traces'],
    ['https://collector.example/otlp', 'https://collector.example/otlp/v1/traces'],
  ])('appends v1/traces to %s, as OTEL_EXPORTER_OTLP_ENDPOINT is read', (endpoint, url) => {
    expect(tracesUrlOf(endpoint)).toBe(url);
  });
});

describe('Object: idsOnlyTracing', () => {
  it('gives a child its parent trace id, flags and tracestate, and a span id of its own', () => {
    // Prepare
    const parent = contextOfFields({ traceparent: SENDER.traceparent, tracestate: 'vendor=abc' });

    // Act
    const span = idsOnlyTracing.startSpan('transform page.staged', {}, parent);

    // Assess
    const context = span.spanContext();
    expect(context.traceId).toBe(SENDER.traceId);
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe(SENDER.spanId);
    expect(fieldsOfSpan(span)).toEqual({
      traceparent: `00-${SENDER.traceId}-${context.spanId}-01`,
      tracestate: 'vendor=abc',
    });
    expect(span.isRecording()).toBe(false);
  });

  it('gives every span an id of its own, across refills of its random pool', () => {
    // Act: 24 bytes a root span, so 1,000 of them draw the 4 KiB pool several times over.
    const ids = Array.from({ length: 1000 }, () => {
      const context = idsOnlyTracing.startSpan('load', { root: true }, ROOT_CONTEXT).spanContext();
      return [context.traceId, context.spanId];
    });

    // Assess
    for (const [traceId, spanId] of ids) {
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set(ids.flat()).size).toBe(2000);
  });

  it('starts a new sampled trace without a parent, or when asked for a root', () => {
    // Act
    const first = idsOnlyTracing.startSpan('extract run.requested', {}, ROOT_CONTEXT).spanContext();
    const root = idsOnlyTracing
      .startSpan('send page.requested', { root: true }, contextOfFields(SENDER))
      .spanContext();

    // Assess
    expect(trace.isSpanContextValid(first)).toBe(true);
    expect(first.traceFlags).toBe(TraceFlags.SAMPLED);
    expect(root.traceId).not.toBe(SENDER.traceId);
  });
});

describe('Function: contextOfFields()', () => {
  it('reads a traceparent as a remote parent, keeping only the sampled flag', () => {
    // Act
    const parent = trace.getSpanContext(
      contextOfFields({ traceparent: `${SENDER.traceparent.slice(0, -2)}03` }),
    );

    // Assess
    expect(parent).toEqual({ traceId: SENDER.traceId, spanId: SENDER.spanId, traceFlags: 1, isRemote: true });
  });

  it('gives the root context, where a new trace starts, for no traceparent or a malformed one', () => {
    expect(contextOfFields({})).toBe(ROOT_CONTEXT);
    expect(contextOfFields({ traceparent: 'not-a-traceparent' })).toBe(ROOT_CONTEXT);
  });
});
