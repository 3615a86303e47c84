import { describe, expect, it } from 'vitest';
import { otlpRequest } from './otlp-factories.ts';
import { OtlpFormatError, spansOfOtlpJson } from './otlp-json.ts';
import { isLoopbackPeer } from './receive-traces.ts';
import { createSpanStore } from './span-store.ts';

const PAGE = { runId: '20261125T151841Z-9ecc3a', resource: 'character', page: 2 };
const T0 = 1_764_083_921_000;

describe('Function: spansOfOtlpJson()', () => {
  it('reads each span with its service, times in milliseconds, attributes and status', () => {
    // Prepare
    const body = JSON.stringify(
      otlpRequest([
        {
          spanId: '00f067aa0ba902b7',
          name: 'extract page.requested',
          startMs: T0,
          endMs: T0 + 42,
          page: 2,
          error: 'answered 500',
        },
      ]),
    );

    // Act
    const [span] = spansOfOtlpJson(body);

    // Assess
    expect(span).toEqual({
      service: 'extractor',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: '00f067aa0ba902b7',
      parentSpanId: '',
      name: 'extract page.requested',
      startMs: T0,
      endMs: T0 + 42,
      attributes: { 'sluice.run_id': PAGE.runId, 'sluice.resource': 'character', 'sluice.page': 2 },
      statusCode: 2,
      statusMessage: 'answered 500',
    });
  });

  it('throws on what is not an OTLP JSON request: not JSON, or a span without ids or times', () => {
    // Act and Assess
    expect(() => spansOfOtlpJson('\u000a\u0002protobuf')).toThrow(OtlpFormatError);
    expect(() => spansOfOtlpJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x"}]}]}]}')).toThrow(
      /hex traceId and spanId/,
    );
    expect(() =>
      spansOfOtlpJson(
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7"}]}]}]}',
      ),
    ).toThrow(/no start or end time/);
  });
});

describe('Function: createSpanStore()', () => {
  it("gives a page every span of its traces, the trace's other spans included, in order of start", () => {
    // Prepare: page 2's trace has a span that names no page (the load transaction); another trace is page 3's.
    const store = createSpanStore();
    store.add(
      spansOfOtlpJson(
        JSON.stringify(
          otlpRequest([
            { spanId: '0000000000000002', name: 'load transaction', startMs: T0 + 20, endMs: T0 + 25 },
            {
              spanId: '0000000000000001',
              name: 'extract page.requested',
              startMs: T0,
              endMs: T0 + 10,
              page: 2,
            },
            {
              traceId: 'ffffffffffffffffffffffffffffffff',
              spanId: '0000000000000003',
              name: 'extract page.requested',
              startMs: T0,
              endMs: T0 + 10,
              page: 3,
            },
          ]),
        ),
      ),
    );

    // Act
    const spans = store.spansOfPage(PAGE);

    // Assess
    expect(spans.map((span) => span.name)).toEqual(['extract page.requested', 'load transaction']);
  });

  it('keeps at most its capacity, the oldest spans dropped first', () => {
    // Prepare
    const store = createSpanStore(2);
    const spans = [1, 2, 3].map((n) =>
      spansOfOtlpJson(
        JSON.stringify(
          otlpRequest([
            { spanId: `000000000000000${n}`, name: `span ${n}`, startMs: T0 + n, endMs: T0 + n, page: 2 },
          ]),
        ),
      ),
    );

    // Act
    for (const batch of spans) store.add(batch);

    // Assess
    expect(store.size()).toBe(2);
    expect(store.spansOfPage(PAGE).map((span) => span.name)).toEqual(['span 2', 'span 3']);
  });
});

describe('Function: isLoopbackPeer()', () => {
  it('takes 127.0.0.0/8 and ::1, as IPv4 or IPv4-mapped, and nothing else', () => {
    // Act and Assess
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackPeer)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.1', '::ffff:192.168.1.2', '128.0.0.1', '::', undefined].map(isLoopbackPeer)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
