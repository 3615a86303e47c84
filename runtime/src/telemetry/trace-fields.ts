import {
  type Context,
  createTraceState,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { TRACEPARENT_PATTERN, type TraceFields } from '@sluice/contracts';

/**
 * The context a message's trace fields name (its sender's span, remote), or the root context, where a
 * new trace starts, when it carries none or a malformed one.
 */
export const contextOfFields = (fields: TraceFields): Context => {
  const { traceparent, tracestate } = fields;
  if (!traceparent || !TRACEPARENT_PATTERN.test(traceparent)) return ROOT_CONTEXT;
  const [, traceId = '', spanId = '', flags = '00'] = traceparent.split('-');
  const parent: SpanContext = {
    traceId,
    spanId,
    // Of the eight flag bits only `sampled` is defined; the others are not passed on (W3C).
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
  return trace.setSpanContext(ROOT_CONTEXT, parent);
};

/** The trace fields of a message sent from within `span`: the next stage's span is its child. */
export const fieldsOfSpan = (span: Span): TraceFields => {
  const { traceId, spanId, traceFlags, traceState } = span.spanContext();
  const flags = (traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  const state = traceState?.serialize();
  return { traceparent: `00-${traceId}-${spanId}-${flags}`, ...(state ? { tracestate: state } : {}) };
};
