import type { StoredSpan } from './span-store.ts';

/**
 * OTLP/HTTP's JSON encoding of ExportTraceServiceRequest, as @opentelemetry/exporter-trace-otlp-http
 * sends it: ids in hex, times in nanoseconds as decimal strings (a 64-bit number does not fit a double).
 */
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
type OtlpAttributes = { key?: unknown; value?: OtlpValue }[];
type OtlpTime = string | number | { low: number; high: number };

interface OtlpSpan {
  traceId?: unknown;
  spanId?: unknown;
  parentSpanId?: unknown;
  name?: unknown;
  startTimeUnixNano?: OtlpTime;
  endTimeUnixNano?: OtlpTime;
  attributes?: OtlpAttributes;
  status?: { code?: number; message?: string };
}

interface ExportTraceServiceRequest {
  resourceSpans?: { resource?: { attributes?: OtlpAttributes }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** The request is not OTLP JSON as the console reads it. */
export class OtlpFormatError extends Error {
  override name = 'OtlpFormatError';
}

const plainValueOf = (value: OtlpValue | undefined): string | number | boolean | undefined => {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return String(value.stringValue);
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return Boolean(value.boolValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  return undefined;
};

const attributesOf = (attributes: unknown): StoredSpan['attributes'] => {
  const plain: StoredSpan['attributes'] = {};
  if (!Array.isArray(attributes)) return plain;
  for (const { key, value } of attributes as OtlpAttributes) {
    const known = plainValueOf(value);
    if (typeof key === 'string' && known !== undefined) plain[key] = known;
  }
  return plain;
};

const millisOf = (time: OtlpTime | undefined): number => {
  if (time === undefined) return Number.NaN;
  if (typeof time === 'object') return ((time.high >>> 0) * 2 ** 32 + (time.low >>> 0)) / 1e6;
  // Whole microseconds through BigInt first: nanoseconds since 1970 are past a double's exact integers.
  return Number(BigInt(time) / 1000n) / 1000;
};

const HEX_ID = /^[0-9a-f]{16,32}$/;

const spanOf = (service: string, span: OtlpSpan): StoredSpan => {
  const { traceId, spanId, name } = span;
  if (
    typeof traceId !== 'string' ||
    !HEX_ID.test(traceId) ||
    typeof spanId !== 'string' ||
    !HEX_ID.test(spanId)
  )
    throw new OtlpFormatError('a span without a hex traceId and spanId');
  const startMs = millisOf(span.startTimeUnixNano);
  const endMs = millisOf(span.endTimeUnixNano);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs))
    throw new OtlpFormatError(`span ${spanId} has no start or end time`);
  return {
    service,
    traceId,
    spanId,
    parentSpanId: typeof span.parentSpanId === 'string' ? span.parentSpanId : '',
    name: typeof name === 'string' ? name : '',
    startMs,
    endMs: Math.max(startMs, endMs),
    attributes: attributesOf(span.attributes),
    statusCode: Number(span.status?.code ?? 0),
    statusMessage: String(span.status?.message ?? ''),
  };
};

/** The spans of an OTLP/HTTP JSON request body, each with its service's name; throws when it is not one. */
export const spansOfOtlpJson = (body: string): StoredSpan[] => {
  let request: ExportTraceServiceRequest;
  try {
    request = JSON.parse(body) as ExportTraceServiceRequest;
  } catch (error) {
    throw new OtlpFormatError('the body is not JSON', { cause: error });
  }
  if (typeof request !== 'object' || request === null || !Array.isArray(request.resourceSpans ?? []))
    throw new OtlpFormatError('the body is not an ExportTraceServiceRequest');
  try {
    return (request.resourceSpans ?? []).flatMap(({ resource, scopeSpans }) => {
      const service = String(attributesOf(resource?.attributes)['service.name'] ?? '');
      return (scopeSpans ?? []).flatMap(({ spans }) => (spans ?? []).map((span) => spanOf(service, span)));
    });
  } catch (error) {
    if (error instanceof OtlpFormatError) throw error;
    throw new OtlpFormatError(`the body is not an ExportTraceServiceRequest: ${(error as Error).message}`, {
      cause: error,
    });
  }
};
