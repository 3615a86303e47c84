import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Tracing } from './tracing.ts';

/** Where OTLP/HTTP takes traces under a base endpoint, as OTEL_EXPORTER_OTLP_ENDPOINT is read by the spec. */
export const tracesUrlOf = (endpoint: string): string =>
  new URL('v1/traces', endpoint.endsWith('/') ? endpoint : `${endpoint}/`).toString();

/**
 * The OpenTelemetry SDK, loaded only when spans are exported (see startTracing): spans batched and sent
 * as OTLP JSON over HTTP, which any collector (and Jaeger itself) accepts. An unreachable collector
 * costs the spans, never a message: the exporter reports through OpenTelemetry's own diagnostics, which
 * are silent unless enabled.
 */
export const createExportingTracing = (options: { service: string; endpoint: string }): Tracing => {
  const exporter = new OTLPTraceExporter({ url: tracesUrlOf(options.endpoint) });
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
