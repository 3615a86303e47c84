import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { TraceFields } from '@sluice/contracts';
import { describeError } from '../errors.ts';
import { envelopeOfValue, spanAttributesOf } from './message-envelope.ts';
import { fieldsOfSpan } from './trace-fields.ts';
import type { Tracing } from './tracing.ts';

/** The span a stage handles one message in, and the tracing it came from. */
export interface MessageTrace {
  tracing: Tracing;
  span: Span;
}

// Filled as the batch path parses each message (batchHandlerOf), so that a core handed parsed messages can
// reach their spans without a parameter for it; weak, so a message's entry goes with the message.
const traces = new WeakMap<object, MessageTrace>();

/** Ties a parsed message to the span it is handled in. */
export const bindMessageTrace = (message: object, messageTrace: MessageTrace | undefined): void => {
  if (messageTrace) traces.set(message, messageTrace);
};

export const messageTraceOf = (message: object): MessageTrace | undefined => traces.get(message);

const contextOf = ({ span }: MessageTrace): Context => trace.setSpan(ROOT_CONTEXT, span);

/**
 * Runs `work`, shared by several messages (the loader's one transaction for the pages of a receive), with
 * a span named `name` under each message's own span, so that each page's trace shows it. Each span says
 * how many messages shared the work, and ends failed when the work throws.
 */
export const withMessageSpans = async <T>(
  messages: readonly object[],
  name: string,
  work: () => Promise<T>,
  attributes: Attributes = {},
): Promise<T> => {
  const spans = messages.flatMap((message) => {
    const messageTrace = traces.get(message);
    if (!messageTrace) return [];
    const shared = { ...attributes, 'sluice.shared_by': messages.length };
    return [messageTrace.tracing.startSpan(name, { attributes: shared }, contextOf(messageTrace))];
  });
  try {
    return await work();
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
};

/** The page a message is about, where it names one: its trace is that page's. */
const pageOf = (message: unknown): string | null => {
  if (typeof message !== 'object' || message === null) return null;
  const { runId, resource, page } = message as Record<string, unknown>;
  return typeof runId === 'string' && typeof resource === 'string' && typeof page === 'number'
    ? `${runId} ${resource} ${page}`
    : null;
};

/**
 * The trace context of a message sent while `owner` is handled. About the same page (`page.staged` after
 * `page.requested`, …), it continues the owner's trace, as a child of its span: a page keeps one trace
 * through the three stages. About another page (a page fanned out, the next page asked for, the first page
 * of a run), it starts that page's own trace, at a short producer span linked to the owner's, so one trace
 * never grows to a whole run of thousands of pages and the link still leads back. Nothing when the owner
 * has no span (a message sent outside the batch path).
 */
export const traceFieldsFor = (owner: object | undefined, body: unknown): TraceFields => {
  const ownerTrace = owner ? traces.get(owner) : undefined;
  if (!ownerTrace) return {};
  const page = pageOf(body);
  if (page !== null && page === pageOf(owner)) return fieldsOfSpan(ownerTrace.span);
  const envelope = envelopeOfValue(body);
  const start = ownerTrace.tracing.startSpan(
    `send ${envelope.type ?? 'message'}`,
    {
      root: true,
      kind: SpanKind.PRODUCER,
      links: [{ context: ownerTrace.span.spanContext() }],
      attributes: spanAttributesOf(envelope),
    },
    ROOT_CONTEXT,
  );
  start.end();
  return fieldsOfSpan(start);
};
