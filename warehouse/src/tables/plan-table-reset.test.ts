import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { planTableReset, UnknownTableError } from './plan-table-reset.ts';

const shipped = async (name: string) => {
  const file = fileURLToPath(new URL(`../../../pipelines/${name}.yaml`, import.meta.url));
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${file} is invalid`);
  return result.pipeline;
};

describe('Function: planTableReset()', () => {
  it('resets every declared table and forgets every resource when no table is named', async () => {
    const plan = planTableReset(await shipped('rickandmorty'));
    expect(plan).toEqual({
      pipeline: 'rickandmorty',
      tables: ['locations', 'episodes', 'characters', 'character_episodes'],
      drops: ['locations', 'episodes', 'characters', 'character_episodes'],
      resources: ['location', 'episode', 'character'],
    });
  });

  it('forgets the resources that write a named table, a child table included', async () => {
    const plan = planTableReset(await shipped('rickandmorty'), ['character_episodes']);
    expect(plan.drops).toEqual(['character_episodes']);
    expect(plan.resources).toEqual(['character']);
  });

  it('forgets the resource that fills an entity table or its link table', () => {
    // Prepare: books with shared authors, an entity child beside its link table.
    const pipeline = {
      name: 'books',
      destination: { books: {}, authors: {}, book_authors: {} },
      transform: {
        book: {
          table: 'books',
          columns: {},
          children: [
            { table: 'authors', from: 'authors', columns: {}, link: { table: 'book_authors', columns: {} } },
          ],
        },
      },
    } as never;

    // Assess
    expect(planTableReset(pipeline, ['book_authors']).resources).toEqual(['book']);
    expect(planTableReset(pipeline, ['authors']).resources).toEqual(['book']);
  });

  it("drops a dimension's observations beside it, and the facts that point into it", async () => {
    // Act
    const plan = planTableReset(await shipped('sakila'), ['dim_customer']);

    // Assess: both facts look customers up; their surrogate keys would point at renumbered versions.
    expect(plan.tables).toEqual(['dim_customer', 'fact_rental', 'fact_payment']);
    expect(plan.drops).toEqual(['dim_customer', 'dim_customer__changes', 'fact_rental', 'fact_payment']);
    expect(plan.resources).toEqual(['customer', 'rental', 'payment']);
  });

  it('refuses a table the pipeline does not declare, listing those it does', async () => {
    const act = async () => planTableReset(await shipped('rickandmorty'), ['charcters']);
    await expect(act()).rejects.toThrow(UnknownTableError);
    await expect(act()).rejects.toThrow(
      'pipeline rickandmorty declares no table charcters (its tables: locations, episodes, characters, character_episodes)',
    );
  });
});
