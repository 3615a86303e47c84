import { randomFillSync } from 'node:crypto';
import { type Context, type Span, type SpanOptions, TraceFlags, trace } from '@opentelemetry/api';

/**
 * The process's spans: recorded and exported over OTLP when an endpoint is set, otherwise only given ids,
 * so that log lines still share a trace id and messages still carry their trace on. Either way the
 * OpenTelemetry API's types, so the rest of the runtime does not know which it has.
 */
export interface Tracing {
  /** Spans are recorded and exported (OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  readonly exporting: boolean;
  /** A span under `parent`'s span, or the root of a new trace when `parent` holds none (or `root` is set). */
  startSpan: (name: string, options: SpanOptions, parent: Context) => Span;
  /**
   * Exports what has ended so far: a Lambda function does it before it returns, or it would be lost.
   * Rejects when the collector cannot be reached; the caller logs it and goes on, spans lost, not work.
   */
  flush: () => Promise<void>;
  /** Exports what is left and stops exporting, when a poller stops; rejects as `flush` does. */
  shutdown: () => Promise<void>;
}

// Ids are cut from a pool refilled 4 KiB at a time: a draw from the system's random source for every id
// was 1.4 % of the loader's busy time in a CPU profile, a span per message and per batch.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
const randomHex = (bytes: number): string => {
  if (randomOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
};

/**
 * No SDK, nothing recorded: a span is only its ids (the API's non-recording span), a child keeping its
 * parent's trace id, flags and tracestate. A new trace is marked sampled, so that a stage which does
 * export (configured apart from this one) still records its own spans of it.
 */
export const idsOnlyTracing: Tracing = {
  exporting: false,
  startSpan: (_name, options, parent) => {
    const parentSpan = options.root ? undefined : trace.getSpanContext(parent);
    return trace.wrapSpanContext({
      traceId: parentSpan?.traceId ?? randomHex(16),
      spanId: randomHex(8),
      traceFlags: parentSpan?.traceFlags ?? TraceFlags.SAMPLED,
      ...(parentSpan?.traceState ? { traceState: parentSpan.traceState } : {}),
    });
  },
  flush: async () => {},
  shutdown: async () => {},
};

export interface TracingOptions {
  /** `service.name` of every span: extractor, transformer or loader. */
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL (OTLP over HTTP, JSON); unset, nothing exported. */
  endpoint?: string | undefined;
}

/**
 * The tracing a stage runs with. The SDK and the OTLP exporter are imported only when an endpoint is set:
 * without one, a cold start (a Lambda's, above all) neither reads nor pays for them.
 */
export const startTracing = async (options: TracingOptions): Promise<Tracing> => {
  if (!options.endpoint) return idsOnlyTracing;
  const { createExportingTracing } = await import('./exporting-tracing.ts');
  return createExportingTracing({ service: options.service, endpoint: options.endpoint });
};
