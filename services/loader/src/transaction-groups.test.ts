import type { PageTransformed } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { transactionGroups } from './transaction-groups.ts';

/** Only what the grouping reads: the page's object and its row counts. */
const page = (id: string, processedKey: string, rows: Record<string, number>) =>
  ({ url: id, processedKey, rows }) as unknown as PageTransformed;

const urls = (groups: PageTransformed[][]) => groups.map((group) => group.map((message) => message.url));

describe('Function: transactionGroups()', () => {
  it('keeps a batch of small pages in one transaction, the pages of an object together', () => {
    const pages = [
      page('a1', 'processed/a', { characters: 20, character_episodes: 70 }),
      page('b1', 'processed/b', { characters: 20 }),
      page('a2', 'processed/a', { characters: 20, character_episodes: 50 }),
    ];
    expect(urls(transactionGroups(pages, 1_000))).toEqual([['a1', 'a2', 'b1']]);
  });

  it('starts a new transaction where the next object would pass the rows allowed, counting every table', () => {
    const pages = [
      page('a1', 'processed/a', { payments: 600 }),
      page('a2', 'processed/a', { payments: 300 }),
      page('b1', 'processed/b', { payments: 100, payment_links: 1 }),
      page('c1', 'processed/c', { payments: 100 }),
    ];
    expect(urls(transactionGroups(pages, 1_000))).toEqual([
      ['a1', 'a2'],
      ['b1', 'c1'],
    ]);
  });

  it('gives an object larger than the rows allowed a transaction of its own, never splitting it', () => {
    const pages = [
      page('a1', 'processed/a', { payments: 10 }),
      page('b1', 'processed/b', { payments: 1_000 }),
      page('b2', 'processed/b', { payments: 1_000 }),
      page('c1', 'processed/c', { payments: 10 }),
    ];
    expect(urls(transactionGroups(pages, 1_000))).toEqual([['a1'], ['b1', 'b2'], ['c1']]);
    expect(transactionGroups([], 1_000)).toEqual([]);
  });
});
