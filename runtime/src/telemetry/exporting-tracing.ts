import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Tracing } from './tracing.ts';

/** Where OTLP/HTTP takes traces under a base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT is read by the spec. */
export const tracesUrlOf = (endpoint: string): string =>
  new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();

// An export, retries included, gives up after this long: a Lambda function waits for it before it
// returns, and an unreachable collector must cost a batch seconds, not the exporter's default ten.
const EXPORT_TIMEOUT_MS = 3_000;

/**
 * The OpenTelemetry SDK, loaded only when spans are exported (see startTracing): spans batched and sent
 * as OTLP JSON over HTTP, which any collector (and Jaeger itself) accepts. An unreachable collector
 * costs the spans, never a message: `flush` and `shutdown` then reject, and their callers only log it.
 */
export const createExportingTracing = (options: { service: string; endpoint: string }): Tracing => {
  const exporter = new OTLPTraceExporter({
    url: tracesUrlOf(options.endpoint),
    timeoutMillis: EXPORT_TIMEOUT_MS,
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('@sluice/runtime');
  return {
    exporting: true,
    startSpan: (name, spanOptions, parent) => tracer.startSpan(name, spanOptions, parent),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
};
