import { describe, expect, it } from 'vitest';
import { ContractError } from './errors.ts';
import { pagesOfStagedKey, stagedPagesKey, stagingKey } from './keys.ts';
import { newRunId, RunIdSchema } from './names.ts';
import { parseMessage } from './parse.ts';

const staged = {
  version: 1,
  type: 'page.staged',
  runId: '20261125T150135Z-3fa9c2',
  pipeline: 'rickandmorty',
  resource: 'character',
  page: 3,
  pagesTotal: 42,
  url: 'https://rickandmortyapi.com/api/character?page=3',
  contentHash: 'a'.repeat(64),
  rawKey: 'raw/rickandmorty/character/20261125T150135Z-3fa9c2/000003.json',
  stagedAt: '2026-11-25T15:01:36.000Z',
};

describe('Function: parseMessage()', () => {
  it('returns the typed message when the body keeps the contract', () => {
    expect(parseMessage('transform', JSON.stringify(staged))).toEqual(staged);
  });

  it('throws a non-retryable ContractError naming the queue when the body is not JSON', () => {
    const act = () => parseMessage('load', '{"version": 1,');
    expect(act).toThrow(ContractError);
    expect(act).toThrow(/message on the load queue is not JSON/);
    try {
      act();
    } catch (error) {
      expect((error as ContractError).retryable).toBe(false);
    }
  });

  it('says which field breaks the contract', () => {
    const body = JSON.stringify({ ...staged, version: 2, page: 0 });
    expect(() => parseMessage('transform', body)).toThrow(/version[\s\S]*page/);
  });

  it('reads a page count not known yet as null, and a scheduled run by its own type', () => {
    expect(parseMessage('transform', JSON.stringify({ ...staged, pagesTotal: null })).pagesTotal).toBeNull();
    const scheduled = {
      version: 1,
      type: 'run.scheduled',
      pipeline: 'coincap',
      scheduledAt: '2026-11-25T03:00:00Z',
      eventId: 'e-1',
    };
    expect(parseMessage('extract', JSON.stringify(scheduled))).toEqual(scheduled);
  });

  it('tells extract messages apart by their type', () => {
    const request = {
      version: 1,
      type: 'run.requested',
      runId: staged.runId,
      pipeline: 'rickandmorty',
      requestedAt: staged.stagedAt,
    };
    expect(parseMessage('extract', JSON.stringify(request)).type).toBe('run.requested');
    expect(() => parseMessage('extract', JSON.stringify({ ...request, type: 'page.staged' }))).toThrow(
      ContractError,
    );
  });
});

describe('Function: stagingKey()', () => {
  it('lays keys out as <area>/<pipeline>/<resource>/<runId>/<page>.json with a sortable page', () => {
    const address = { pipeline: 'rickandmorty', resource: 'episode', runId: staged.runId, page: 12 };
    expect(stagingKey('raw', address)).toBe('raw/rickandmorty/episode/20261125T150135Z-3fa9c2/000012.json');
    expect(stagingKey('rejected', address)).toMatch(/^rejected\//);
  });
});

describe('Function: newRunId()', () => {
  it('makes ids that sort by time and keep their own schema', () => {
    const earlier = newRunId(new Date('2026-11-25T15:01:35.123Z'), () => 0.5);
    const later = newRunId(new Date('2026-11-25T15:01:36.000Z'), () => 0);
    expect(earlier).toBe('20261125T150135Z-800000');
    expect(RunIdSchema.parse(later)).toBe(later);
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });
});

describe('Function: stagedPagesKey()', () => {
  it('names the pages of a processed object in its key, and pagesOfStagedKey() reads them back', () => {
    const run = { pipeline: 'rickandmorty', resource: 'episode', runId: staged.runId };
    const key = stagedPagesKey('processed', run, [17, 12, 13]);
    expect(key).toBe('processed/rickandmorty/episode/20261125T150135Z-3fa9c2/000012+13+17.json');
    expect(pagesOfStagedKey(key)).toEqual([12, 13, 17]);
    expect(stagedPagesKey('processed', run, [12])).toBe(stagingKey('processed', { ...run, page: 12 }));
    expect(stagedPagesKey('raw', run, [3, 2])).toBe(
      'raw/rickandmorty/episode/20261125T150135Z-3fa9c2/000002+3.json',
    );
    expect(pagesOfStagedKey(stagingKey('raw', { ...run, page: 12 }))).toEqual([12]);
    expect(() => stagedPagesKey('processed', run, [])).toThrow(/at least one page/);
  });
});
