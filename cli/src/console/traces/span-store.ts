/** A span as the console keeps it: what a waterfall needs, times in milliseconds since the epoch. */
export interface StoredSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a trace's root. */
  parentSpanId: string;
  name: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP's status code: 2 is an error. */
  statusCode: number;
  statusMessage: string;
}

export interface SpanStore {
  add: (spans: readonly StoredSpan[]) => void;
  /** The spans of a page: every span of every trace one of whose spans names the run, resource and page. */
  spansOfPage: (page: { runId: string; resource: string; page: number }) => StoredSpan[];
  size: () => number;
}

// A page's trace is a handful of spans; 20,000 keep the last few thousand pages, in a few MiB.
export const DEFAULT_SPAN_CAPACITY = 20_000;

const namesPage = (span: StoredSpan, page: { runId: string; resource: string; page: number }): boolean =>
  span.attributes['sluice.run_id'] === page.runId &&
  span.attributes['sluice.resource'] === page.resource &&
  span.attributes['sluice.page'] === page.page;

/**
 * The spans the console received, in memory only and bounded by count: the oldest go first, so a console
 * left running for days holds the recent pages' traces and no more.
 */
export const createSpanStore = (capacity = DEFAULT_SPAN_CAPACITY): SpanStore => {
  let spans: StoredSpan[] = [];
  return {
    add: (received) => {
      spans.push(...received);
      if (spans.length > capacity) spans = spans.slice(spans.length - capacity);
    },
    spansOfPage: (page) => {
      const traces = new Set(spans.filter((span) => namesPage(span, page)).map((span) => span.traceId));
      return spans.filter((span) => traces.has(span.traceId)).sort((a, b) => a.startMs - b.startMs);
    },
    size: () => spans.length,
  };
};
