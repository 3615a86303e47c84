import { describe, expect, it } from 'vitest';
import { ContractError } from './errors.ts';
import { parseJson } from './parse.ts';
import { ProcessedObjectSchema } from './warehouse-rows.ts';

const page = (tables: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  version: 1,
  runId: '20261125T150135Z-3fa9c2',
  pipeline: 'rickandmorty',
  resource: 'character',
  page: 3,
  tables,
  replace: {},
  ...extra,
});

const character = { id: 1, name: 'Rick Sanchez', alive: true, type: null, weight: '71.50' };

describe('Schema: ProcessedObjectSchema', () => {
  it('reads a grouped object and a lone page alike, every kind of SQL value kept as it was', () => {
    const grouped = { version: 1, pages: [page({ character: [character] }), page({ character: [] })] };
    expect(parseJson(ProcessedObjectSchema, JSON.stringify(grouped), 'object')).toEqual({
      grouped: true,
      pages: grouped.pages,
    });
    const lone = page({ character: [character] }, { deleted: { character: [{ id: 2 }] } });
    expect(parseJson(ProcessedObjectSchema, JSON.stringify(lone), 'object')).toEqual({
      grouped: false,
      pages: [lone],
    });
  });

  it('refuses a value that is not a SQL value, naming the page, table, row and column', () => {
    const object = {
      version: 1,
      pages: [page({ character: [character, { ...character, origin: { name: 'Earth' } }] })],
    };
    const act = () => parseJson(ProcessedObjectSchema, JSON.stringify(object), 'processed object k');
    expect(act).toThrow(ContractError);
    expect(act).toThrow(/expected a string, number, boolean or null, got object/);
    expect(act).toThrow(/at pages\[0\]\.tables\.character\[1\]\.origin/);
  });

  it('refuses rows that are not objects and tables that are not lists, in deleted rows too', () => {
    const notRows = page({ character: [[1, 'Rick']] });
    expect(() => parseJson(ProcessedObjectSchema, JSON.stringify(notRows), 'o')).toThrow(
      /expected a row: an object of column values\s+→ at tables\.character\[0\]/,
    );
    const notList = page({ character: [] }, { deleted: { character: { id: 2 } } });
    expect(() => parseJson(ProcessedObjectSchema, JSON.stringify(notList), 'o')).toThrow(
      /expected an array of rows\s+→ at deleted\.character/,
    );
  });

  it('says at most ten wrong values of a large page, not every one', () => {
    const rows = Array.from({ length: 1000 }, (_, id) => ({ id, tags: ['a'] }));
    try {
      parseJson(ProcessedObjectSchema, JSON.stringify(page({ character: rows })), 'o');
      expect.unreachable('the page has lists for values');
    } catch (error) {
      expect((error as Error).message.match(/got an array/g)).toHaveLength(10);
    }
  });
});
