import { describe, expect, it } from 'vitest';
import { PageRequestedSchema } from './messages.ts';
import { type MysqlPagePosition, mysqlPageUrl, readMysqlPageUrl } from './mysql-page-url.ts';

const position = (overrides: Partial<MysqlPagePosition> = {}): MysqlPagePosition => ({
  pipeline: 'shop',
  table: 'Order_Lines',
  upper: '2026-03-29 02:30:00.123456',
  since: '2026-03-28 02:30:00.000001',
  after: ['2026-03-28 09:00:00.500000', 'A&B=1', 7],
  rows: 2000,
  ...overrides,
});

describe('Function: mysqlPageUrl() and readMysqlPageUrl()', () => {
  it('reads back the position it wrote, key values with their types, table in its case', () => {
    // Act
    const url = mysqlPageUrl(position());

    // Assess
    expect(url.startsWith('mysql://shop/Order_Lines?upper=2026-03-29+02%3A30%3A00.123456&since=')).toBe(true);
    expect(readMysqlPageUrl(url)).toEqual(position());
  });

  it('writes neither since nor after for a first page of a first run', () => {
    const url = mysqlPageUrl(position({ since: null, after: null, rows: 0 }));
    expect(url).toBe('mysql://shop/Order_Lines?upper=2026-03-29+02%3A30%3A00.123456&rows=0');
    expect(readMysqlPageUrl(url)).toEqual(position({ since: null, after: null, rows: 0 }));
  });

  it('is a URL the page.requested contract accepts, so messages stay as they are', () => {
    const message = {
      version: 1,
      type: 'page.requested',
      runId: '20261125T150135Z-3fa9c2',
      pipeline: 'shop',
      resource: 'order_lines',
      page: 2,
      url: mysqlPageUrl(position()),
    };
    expect(PageRequestedSchema.safeParse(message).success).toBe(true);
  });

  it('carries the base snapshot and where the comparison with it goes on', () => {
    // Prepare
    const compared = position({
      since: null,
      base: { day: '2026-03-28', runId: '20260328T030000Z-abc123', pages: 12 },
      diff: { page: 4, line: 17, inserted: 3, updated: 5, deleted: 1 },
    });

    // Act
    const url = mysqlPageUrl(compared);

    // Assess
    expect(url).toContain('base=2026-03-28%2F20260328T030000Z-abc123%2F12&diff=4.17.3.5.1');
    expect(readMysqlPageUrl(url)).toEqual(compared);
    expect(() => readMysqlPageUrl(url.replace('diff=4.17.3.5.1', 'diff=4.17'))).toThrow(/\(diff\)/);
    expect(() => readMysqlPageUrl(url.replace('%2F12', '%2Fx'))).toThrow(/\(base\)/);
  });

  it("carries a key scan's first page and the keys read before this page", () => {
    // Prepare
    const scanning = position({ after: [7], keys: { from: 3, read: 4000 } });

    // Assess
    expect(mysqlPageUrl(scanning)).toContain('keys=3.4000');
    expect(readMysqlPageUrl(mysqlPageUrl(scanning))).toEqual(scanning);
    expect(() => readMysqlPageUrl(mysqlPageUrl(scanning).replace('keys=3.4000', 'keys=0.1'))).toThrow(
      /\(keys\)/,
    );
  });

  it('throws a contract error for a URL it did not write', () => {
    expect(() => readMysqlPageUrl('https://shop/x?upper=1')).toThrow(/not a mysql page URL \(scheme\)/);
    expect(() => readMysqlPageUrl('mysql://shop/x?rows=0')).toThrow(/no upper bound/);
    expect(() => readMysqlPageUrl('mysql://shop/x?upper=1&after=%5B%5D')).toThrow(/\(after\)/);
  });
});
