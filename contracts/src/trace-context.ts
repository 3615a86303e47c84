import * as z from 'zod';

/**
 * W3C trace context (https://www.w3.org/TR/trace-context/) as a message carries it, so that a page keeps
 * one trace from the extractor through the transformer to the loader, across retries and DLQ replays (a
 * DLQ copy is the body as it was). `traceparent` is `00-<trace id>-<parent span id>-<flags>`; `tracestate`
 * is a vendor's opaque list, passed on as it came.
 */
export const TRACEPARENT_PATTERN = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

// The W3C limit for tracestate: 32 members of at most 256 characters, in practice far fewer.
const MAX_TRACESTATE_LENGTH = 512;

/**
 * Optional on every message: a message sent before tracing existed, or by hand, has none and starts a
 * trace of its own. A malformed value is dropped rather than failing the message, as W3C asks of a
 * receiver (the message's work does not depend on it).
 */
export const traceFields = {
  traceparent: z.string().regex(TRACEPARENT_PATTERN).optional().catch(undefined),
  tracestate: z.string().max(MAX_TRACESTATE_LENGTH).optional().catch(undefined),
};

export interface TraceFields {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}
