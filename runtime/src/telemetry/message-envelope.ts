import type { Attributes } from '@opentelemetry/api';

/**
 * What the telemetry of a message reads from its body before the stage parses it: its type, pipeline,
 * run, resource and page, and its trace context. Read leniently, field by field, so that even a body that
 * breaks its contract is logged (and dead-lettered) with whatever it does say.
 */
export interface Envelope {
  type?: string;
  pipeline?: string;
  runId?: string;
  resource?: string;
  page?: number;
  traceparent?: string;
  tracestate?: string;
}

const STRING_FIELDS = ['type', 'pipeline', 'runId', 'resource', 'traceparent', 'tracestate'] as const;

export const envelopeOfValue = (value: unknown): Envelope => {
  if (typeof value !== 'object' || value === null) return {};
  const fields = value as Record<string, unknown>;
  const envelope: Envelope = {};
  for (const name of STRING_FIELDS) {
    const field = fields[name];
    if (typeof field === 'string') envelope[name] = field;
  }
  if (typeof fields.page === 'number') envelope.page = fields.page;
  return envelope;
};

export const envelopeOf = (body: string): Envelope => {
  try {
    return envelopeOfValue(JSON.parse(body));
  } catch {
    return {};
  }
};

/** The envelope as span attributes, under Sluice's own names. */
export const spanAttributesOf = (envelope: Envelope): Attributes => ({
  ...(envelope.type !== undefined && { 'sluice.message.type': envelope.type }),
  ...(envelope.pipeline !== undefined && { 'sluice.pipeline': envelope.pipeline }),
  ...(envelope.runId !== undefined && { 'sluice.run_id': envelope.runId }),
  ...(envelope.resource !== undefined && { 'sluice.resource': envelope.resource }),
  ...(envelope.page !== undefined && { 'sluice.page': envelope.page }),
});
