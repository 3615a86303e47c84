import { describe, expect, it } from 'vitest';
import { mysqlPageUrl } from '../mysql-page-url.ts';
import { capturedCursorOf, isIncrementalResource } from './capture.ts';
import type { PipelineDefinition } from './pipeline.ts';

const pipeline = {
  name: 'shop',
  source: {
    type: 'mysql',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a pipeline file's variable reference
    connection: '${SHOP_DATABASE_URL}',
    timezone: '+00:00',
    pageSize: 1000,
    resources: {
      lines: { table: 'order_lines', primaryKey: ['order_id', 'line_no'], capture: 'full' },
      payments: { table: 'payment', primaryKey: ['payment_id'], capture: 'cursor', cursor: 'last_update' },
    },
  },
} as unknown as PipelineDefinition;

const url = mysqlPageUrl({
  pipeline: 'shop',
  table: 'payment',
  upper: '2026-03-29 10:00:00.123456',
  since: null,
  after: ['2026-01-01 00:00:00.000000', 4],
  rows: 1000,
});

describe('Function: isIncrementalResource()', () => {
  it('counts every table of a database as incremental: a full capture compares with the last snapshot', () => {
    expect(isIncrementalResource(pipeline, 'payments')).toBe(true);
    expect(isIncrementalResource(pipeline, 'lines')).toBe(true);
    expect(isIncrementalResource(pipeline, 'refunds')).toBe(false);
  });
});

describe('Function: capturedCursorOf()', () => {
  it("gives a cursor capture's page its run's upper bound, whatever rows it holds", () => {
    expect(capturedCursorOf(pipeline, { resource: 'payments', url })).toBe('2026-03-29 10:00:00.123456');
  });

  it('gives a full capture its upper bound too: the next run finds the snapshot to compare with by it', () => {
    expect(capturedCursorOf(pipeline, { resource: 'lines', url })).toBe('2026-03-29 10:00:00.123456');
  });

  it('gives nothing for a resource the source does not have, or a page that is not a database page', () => {
    expect(capturedCursorOf(pipeline, { resource: 'refunds', url })).toBeNull();
    expect(capturedCursorOf(pipeline, { resource: 'lines', url: 'https://shop.test/lines' })).toBeNull();
  });
});
