import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPageLogs } from './page-logs.ts';

const RUN = '20261125T151841Z-9ecc3a';
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, service: 'loader', ...fields });

describe('Function: readPageLogs()', () => {
  it("keeps the lines of the run's page only, oldest first, at most the limit, and counts them all", async () => {
    // Prepare: two services' logs, other pages, another run, another resource, and a line cut off.
    const dir = mkdtempSync(join(tmpdir(), 'sluice-page-logs-'));
    const page = { runId: RUN, resource: 'character', page: 2 };
    writeFileSync(
      join(dir, 'extractor.log'),
      [
        line({
          service: 'extractor',
          time: '2026-11-25T15:18:42.000Z',
          msg: 'handled',
          ...page,
          stage: 'extract',
          ms: 12,
        }),
        line({ time: '2026-11-25T15:18:41.000Z', msg: 'handled', ...page, page: 3 }),
        line({ time: '2026-11-25T15:18:41.000Z', msg: 'handled', ...page, resource: 'location' }),
        line({ time: '2026-11-25T15:18:41.000Z', msg: 'handled', ...page, runId: '20261125T151841Z-000000' }),
        `{"runId":"${RUN}","page":2,"resou`,
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'loader.log'),
      [
        line({ time: '2026-11-25T15:18:44.000Z', msg: 'handled', ...page, stage: 'load' }),
        line({ time: '2026-11-25T15:18:43.000Z', msg: 'will retry', ...page, stage: 'load' }),
      ].join('\n'),
    );

    // Act
    const all = await readPageLogs(dir, page, 10);
    const capped = await readPageLogs(dir, page, 2);
    const none = await readPageLogs(join(dir, 'missing'), page, 10);

    // Assess
    expect(all.lines.map((kept) => [kept.service, kept.msg])).toEqual([
      ['extractor', 'handled'],
      ['loader', 'will retry'],
      ['loader', 'handled'],
    ]);
    expect(all.lines[0]?.line.ms).toBe(12);
    expect(capped).toMatchObject({ total: 3, lines: [{ service: 'extractor' }, { msg: 'will retry' }] });
    expect(none).toEqual({ lines: [], total: 0 });
  });
});
