/** The body of a `page.transformed` message of run 20261203T120000Z-abc123, as the load queue holds it. */
export const pageTransformedBody = (page: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    version: 1,
    type: 'page.transformed',
    runId: '20261203T120000Z-abc123',
    pipeline: 'rickandmorty',
    resource: 'character',
    page,
    pagesTotal: 3,
    url: `http://127.0.0.1/api/character?page=${page}`,
    contentHash: '0'.repeat(64),
    processedKey: `processed/rickandmorty/character/20261203T120000Z-abc123/00000${page}.json`,
    rejectedKey: null,
    records: { extracted: 1, valid: 1, rejected: 0 },
    rows: {},
    cursor: null,
    ...extra,
  });

/** A traceparent, as a stage before this one would have sent it. */
export const SENDER = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
} as const;
