/** An OTLP/HTTP JSON request as @opentelemetry/exporter-trace-otlp-http sends it, for the specs. */
export const otlpRequest = (
  spans: {
    traceId?: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    startMs: number;
    endMs: number;
    page?: number;
    stage?: string;
    error?: string;
  }[],
  service = 'extractor',
) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: '@sluice/runtime' },
          spans: spans.map((span) => ({
            traceId: span.traceId ?? '0af7651916cd43dd8448eb211c80319c',
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            kind: 5,
            startTimeUnixNano: `${BigInt(span.startMs) * 1_000_000n}`,
            endTimeUnixNano: `${BigInt(span.endMs) * 1_000_000n}`,
            attributes: [
              { key: 'sluice.run_id', value: { stringValue: '20261125T151841Z-9ecc3a' } },
              { key: 'sluice.resource', value: { stringValue: 'character' } },
              ...(span.page === undefined ? [] : [{ key: 'sluice.page', value: { intValue: span.page } }]),
              ...(span.stage ? [{ key: 'sluice.stage', value: { stringValue: span.stage } }] : []),
            ],
            status: span.error ? { code: 2, message: span.error } : { code: 0 },
          })),
        },
      ],
    },
  ],
});
