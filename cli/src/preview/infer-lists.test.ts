import { describe, expect, it } from 'vitest';
import { inferResource, singularOf } from './infer-lists.ts';

describe('Function: inferResource()', () => {
  it('takes a list of scalars as values, typed from every element, nullable where one is null', () => {
    // Act
    const { columns, lists } = inferResource([
      { id: 1, scores: [1, 2] },
      { id: 2, scores: [3, null] },
    ]);

    // Assess
    expect(columns.map((column) => column.name)).toEqual(['id']);
    expect(lists).toEqual([
      {
        kind: 'values',
        from: 'scores',
        name: 'scores',
        value: expect.objectContaining({ name: 'score', from: '$item', type: 'int', nullable: true }),
      },
    ]);
  });

  it('takes objects with a key unique within each list as entities, though two records list the same one', () => {
    // Act
    const { lists } = inferResource([
      { id: 1, authors: [{ id: 7, name: 'A' }] },
      {
        id: 2,
        authors: [
          { id: 7, name: 'A' },
          { id: 8, name: 'B' },
        ],
      },
    ]);

    // Assess
    expect(lists).toEqual([
      expect.objectContaining({
        kind: 'entities',
        from: 'authors',
        items: expect.objectContaining({ key: ['id'] }),
      }),
    ]);
  });

  it('takes objects whose key repeats within a list, or that have none, as plain rows', () => {
    // Act
    const { lists } = inferResource([
      { id: 1, lines: [{ sku: 'a' }, { sku: 'a' }], notes: [{ text: 'x' }] },
      { id: 2, lines: [], notes: [] },
    ]);

    // Assess
    expect(lists.map((list) => [list.name, list.kind])).toEqual([
      ['lines', 'rows'],
      ['notes', 'rows'],
    ]);
  });

  it('keeps as JSON a list some record lacks or has null, one always empty, and one of mixed kinds', () => {
    // Act
    const { columns, lists } = inferResource([
      { id: 1, maybe: ['a'], empty: [], mixed: [1, { a: 1 }] },
      { id: 2, maybe: null, empty: [], mixed: [] },
    ]);

    // Assess
    expect(lists).toEqual([]);
    expect(columns.map((column) => [column.name, column.type])).toEqual([
      ['id', 'int'],
      ['maybe', 'json'],
      ['empty', 'json'],
      ['mixed', 'json'],
    ]);
  });
});

describe('Function: singularOf()', () => {
  it('names one element of a list', () => {
    // Assess
    expect(['tags', 'categories', 'address', 'data'].map(singularOf)).toEqual([
      'tag',
      'category',
      'address',
      'data',
    ]);
  });
});
