import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Stage } from '@sluice/contracts';
import type { Logger } from '../logger.ts';
import { type Envelope, envelopeOf, spanAttributesOf } from './message-envelope.ts';
import type { MessageTrace } from './message-trace.ts';
import type { MetricsOutput } from './metrics.ts';
import { contextOfFields } from './trace-fields.ts';
import { idsOnlyTracing, type Tracing } from './tracing.ts';

/** A stage's telemetry, the same for both faces: built once per process (see stage-faces.ts). */
export interface StageTelemetry {
  tracing: Tracing;
  /** Where the stage's metrics go; none, nothing is written. */
  metrics?: MetricsOutput;
}

/** Spans with ids only and no metrics: for a face built without telemetry (a unit spec, a flow's poller). */
export const quietTelemetry: StageTelemetry = { tracing: idsOnlyTracing };

/** A message as telemetry sees it: its id, how many times SQS handed it out, and its body. */
interface Received {
  messageId: string | undefined;
  body: string;
  attempts: number;
}

/**
 * The keys every log line about a message carries, from the poller and the Lambda alike: the stage, the
 * pipeline, run, resource and page it names (those it does), SQS's message id and attempt (its
 * ApproximateReceiveCount), the trace and span it is handled in, and in Lambda the invocation's request id.
 */
export interface MessageLogFields {
  stage: Stage;
  pipeline?: string;
  runId?: string;
  resource?: string;
  page?: number;
  messageId: string | undefined;
  attempt: number;
  traceId: string;
  spanId: string;
  requestId?: string;
}

export type MessageOutcome = 'handled' | 'retry' | 'dead-lettered';

/** One message of a batch, opened for telemetry: its log, its span, and how to close it. */
export interface OpenMessage {
  envelope: Envelope;
  fields: MessageLogFields;
  /** The stage's logger with the message's fields bound: every line about the message goes through it. */
  log: Logger;
  trace: MessageTrace;
  end: (outcome: MessageOutcome, reason?: string) => void;
}

const logFieldsOf = (
  stage: Stage,
  message: Received,
  envelope: Envelope,
  ids: { traceId: string; spanId: string },
  requestId: string | undefined,
): MessageLogFields => ({
  stage,
  ...(envelope.pipeline !== undefined && { pipeline: envelope.pipeline }),
  ...(envelope.runId !== undefined && { runId: envelope.runId }),
  ...(envelope.resource !== undefined && { resource: envelope.resource }),
  ...(envelope.page !== undefined && { page: envelope.page }),
  messageId: message.messageId,
  attempt: message.attempts,
  traceId: ids.traceId,
  spanId: ids.spanId,
  ...(requestId !== undefined && { requestId }),
});

/**
 * Opens a message for its stage: a span per message per stage, the child of the span that sent it (its
 * `traceparent`), or a new trace's root; and the log line context that comes from here only.
 */
export const openMessage = (
  stage: Stage,
  message: Received,
  log: Logger,
  telemetry: StageTelemetry,
  requestId?: string,
): OpenMessage => {
  const envelope = envelopeOf(message.body);
  const span = telemetry.tracing.startSpan(
    `${stage} ${envelope.type ?? 'message'}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'aws_sqs',
        'messaging.operation.type': 'process',
        ...(message.messageId !== undefined && { 'messaging.message.id': message.messageId }),
        'sluice.stage': stage,
        'sluice.attempt': message.attempts,
        ...(requestId !== undefined && { 'faas.invocation_id': requestId }),
        ...spanAttributesOf(envelope),
      },
    },
    contextOfFields(envelope),
  );
  const fields = logFieldsOf(stage, message, envelope, span.spanContext(), requestId);
  return {
    envelope,
    fields,
    log: log.child(fields),
    trace: { tracing: telemetry.tracing, span },
    end: (outcome, reason) => {
      span.setAttribute('sluice.outcome', outcome);
      if (outcome !== 'handled')
        span.setStatus({ code: SpanStatusCode.ERROR, ...(reason && { message: reason }) });
      span.end();
    },
  };
};
