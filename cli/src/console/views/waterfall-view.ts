import { html, type SafeHtml } from '../escape-html.ts';
import type { StoredSpan } from '../traces/span-store.ts';

// Bars are drawn in an SVG of this many units across: its geometry is attributes, which the console's
// Content-Security-Policy allows, where an inline style (left: 12%) would be refused.
const WIDTH = 1000;

const STAGE_OF_SERVICE: Record<string, string> = {
  extractor: 'extract',
  transformer: 'transform',
  loader: 'load',
};

const stageOf = (span: StoredSpan): string => {
  // Only the stages' names become a class: the rest came from whoever posted the span.
  const stage = span.attributes['sluice.stage'];
  if (stage === 'extract' || stage === 'transform' || stage === 'load') return stage;
  return STAGE_OF_SERVICE[span.service] ?? 'other';
};

/** How deep a span sits under the spans of the trace present here (a parent not received counts as none). */
const depthsOf = (spans: readonly StoredSpan[]): Map<string, number> => {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const depths = new Map<string, number>();
  const depthOf = (span: StoredSpan, seen: Set<string>): number => {
    const known = depths.get(span.spanId);
    if (known !== undefined) return known;
    const parent = byId.get(span.parentSpanId);
    // `seen` guards against a cycle in ids sent by whoever posted them.
    const depth = parent && !seen.has(parent.spanId) ? depthOf(parent, seen.add(span.spanId)) + 1 : 0;
    depths.set(span.spanId, depth);
    return depth;
  };
  for (const span of spans) depthOf(span, new Set());
  return depths;
};

const formatMs = (ms: number): string => (ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`);

/**
 * A page's trace as a waterfall: one row per span, in order of start, indented under its parent, its bar
 * placed by its start and length on the trace's time line and coloured by stage (red when it failed).
 */
export const waterfallView = (spans: readonly StoredSpan[]): SafeHtml => {
  const first = spans[0];
  if (!first)
    return html`<p class="muted" id="no-spans">The console has received no span of this page. Spans come when the services export to it: start them with <code>OTEL_EXPORTER_OTLP_ENDPOINT</code> set to this console's address (see the README).</p>`;
  const start = Math.min(...spans.map((span) => span.startMs));
  const length = Math.max(Math.max(...spans.map((span) => span.endMs)) - start, 0.001);
  const depths = depthsOf(spans);
  const traces = new Set(spans.map((span) => span.traceId));
  return html`<p class="muted">${spans.length} spans over ${formatMs(length)}, trace ${[...traces].map((id, index) => html`${index > 0 ? ', ' : ''}<code>${id}</code>`)}</p>
<table id="waterfall"><thead><tr><th>span</th><th>service</th><th class="num">took</th><th class="bar-cell">from ${formatMs(0)} to ${formatMs(length)}</th></tr></thead>
<tbody>${spans.map((span) => {
    const x = ((span.startMs - start) / length) * WIDTH;
    const width = Math.max(((span.endMs - span.startMs) / length) * WIDTH, 1);
    const failed = span.statusCode === 2;
    const title = `${span.name}: ${formatMs(span.endMs - span.startMs)} from +${formatMs(span.startMs - start)}${failed ? `, failed: ${span.statusMessage}` : ''}`;
    return html`<tr data-span="${span.spanId}" data-stage="${stageOf(span)}" data-trace="${span.traceId}"${failed ? html` data-failed="true"` : ''}>
<td class="depth-${Math.min(depths.get(span.spanId) ?? 0, 8)}">${span.name}</td><td>${span.service}</td><td class="num">${formatMs(span.endMs - span.startMs)}</td>
<td class="bar-cell"><svg class="bar" viewBox="0 0 ${WIDTH} 12" preserveAspectRatio="none" role="img" aria-label="${title}"><title>${title}</title><rect class="span-${failed ? 'failed' : stageOf(span)}" x="${x.toFixed(1)}" y="1" width="${width.toFixed(1)}" height="10"></rect></svg></td></tr>`;
  })}</tbody></table>`;
};
