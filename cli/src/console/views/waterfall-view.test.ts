import { describe, expect, it } from 'vitest';
import type { StoredSpan } from '../traces/span-store.ts';
import { waterfallView } from './waterfall-view.ts';

const span = (overrides: Partial<StoredSpan>): StoredSpan => ({
  service: 'extractor',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: '0000000000000001',
  parentSpanId: '',
  name: 'extract page.requested',
  startMs: 1_000,
  endMs: 1_100,
  attributes: { 'sluice.stage': 'extract' },
  statusCode: 0,
  statusMessage: '',
  ...overrides,
});

describe('Function: waterfallView()', () => {
  it('places each bar by its start and length on the trace, indented under its parent, coloured by stage', () => {
    // Prepare: extract 0-100 ms, then transform 100-150 ms as its child, then a failed load 150-200 ms.
    const spans = [
      span({}),
      span({
        spanId: '0000000000000002',
        parentSpanId: '0000000000000001',
        service: 'transformer',
        name: 'transform page.staged',
        startMs: 1_100,
        endMs: 1_150,
        attributes: { 'sluice.stage': 'transform' },
      }),
      span({
        spanId: '0000000000000003',
        parentSpanId: '0000000000000002',
        service: 'loader',
        name: 'load <page>',
        startMs: 1_150,
        endMs: 1_200,
        attributes: { 'sluice.stage': 'load' },
        statusCode: 2,
        statusMessage: '<script>x</script>',
      }),
    ];

    // Act
    const markup = waterfallView(spans).value;

    // Assess
    expect(markup).toContain('<rect class="span-extract" x="0.0" y="1" width="500.0"');
    expect(markup).toContain('<rect class="span-transform" x="500.0" y="1" width="250.0"');
    expect(markup).toContain('<rect class="span-failed" x="750.0" y="1" width="250.0"');
    expect(markup).toContain('<td class="depth-2">load &lt;page&gt;</td>');
    expect(markup).toContain('failed: &lt;script&gt;x&lt;/script&gt;');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('style=');
  });

  it('says how to send spans when it has none', () => {
    // Act and Assess
    expect(waterfallView([]).value).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });
});
