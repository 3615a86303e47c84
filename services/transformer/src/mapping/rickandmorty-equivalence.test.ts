import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type PipelineDefinition, parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { generateRickAndMortyDataset } from '@sluice/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileResourceTransform } from './compile-resource-transform.ts';

const FILE = fileURLToPath(new URL('../../../../pipelines/rickandmorty.yaml', import.meta.url));
// The API's page size.
const PAGE_SIZE = 20;

const dataset = generateRickAndMortyDataset({
  seed: 7,
  characters: 200,
  locations: 40,
  episodes: 30,
  invalidCharacters: 5,
});
const RESOURCES = [
  ['location', dataset.locations],
  ['episode', dataset.episodes],
  ['character', dataset.characters],
] as const;

const pagesOf = (records: readonly unknown[]): unknown[][] =>
  Array.from({ length: Math.ceil(records.length / PAGE_SIZE) }, (_, page) =>
    records.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE),
  );

// What the warehouse should hold for a record, worked out without the mapping code: ids by splitting the
// URL, dates through the platform's own Date parser.
const idAtEnd = (url: string): number | null => (url === '' ? null : Number(url.split('/').at(-1)));
const sqlDatetime = (iso: string) => iso.replace('T', ' ').replace('Z', '');
const sqlDate = (airDate: string) => new Date(`${airDate} 00:00 UTC`).toISOString().slice(0, 10);

type Api = Record<string, unknown> & { id: number; url: string; created: string };
const EXPECTED: Record<string, (record: Api) => Record<string, unknown[]>> = {
  location: (l) => ({
    locations: [
      {
        id: l.id,
        name: l.name,
        type: l.type,
        dimension: l.dimension,
        url: l.url,
        created_at: sqlDatetime(l.created),
      },
    ],
  }),
  episode: (e) => ({
    episodes: [
      {
        id: e.id,
        name: e.name,
        air_date: sqlDate(e.air_date as string),
        episode_code: e.episode,
        url: e.url,
        created_at: sqlDatetime(e.created),
      },
    ],
  }),
  character: (c) => ({
    characters: [
      {
        id: c.id,
        name: c.name,
        status: c.status,
        species: c.species,
        type: c.type,
        gender: c.gender,
        origin_location_id: idAtEnd((c.origin as { url: string }).url),
        location_id: idAtEnd((c.location as { url: string }).url),
        image: c.image,
        url: c.url,
        created_at: sqlDatetime(c.created),
      },
    ],
    character_episodes: [...new Set(c.episode as string[])].map((url) => ({
      character_id: c.id,
      episode_id: idAtEnd(url),
    })),
  }),
};

// The generator appends the invalid characters after the valid ones.
const invalid = new Set(dataset.characters.slice(-5));

/** The rows a correct mapping makes of a page, and the indexes it must reject. */
const expectedOf = (resource: string, records: unknown[]) => {
  // Every table the resource writes is in the page, even when no record of the page fills it.
  const tables: Record<string, unknown[]> =
    resource === 'character'
      ? { characters: [], character_episodes: [] }
      : { [resource === 'location' ? 'locations' : 'episodes']: [] };
  const rejected: number[] = [];
  records.forEach((record, index) => {
    if (invalid.has(record as never)) {
      rejected.push(index);
      return;
    }
    for (const [table, rows] of Object.entries(EXPECTED[resource]?.(record as Api) ?? {})) {
      tables[table] = [...(tables[table] ?? []), ...rows];
    }
  });
  return { tables, rejected };
};

describe('Function: compileResourceTransform() on pipelines/rickandmorty.yaml', () => {
  let pipeline: PipelineDefinition;
  beforeAll(async () => {
    const result = await parsePipelineYaml(await readFile(FILE, 'utf8'), 'pipelines/rickandmorty.yaml');
    if (!result.ok) throw new Error(`rickandmorty.yaml is invalid: ${JSON.stringify(result.errors)}`);
    pipeline = result.pipeline;
  });

  it.for(RESOURCES)(
    'makes the rows a %s record should become, and rejects the broken records',
    ([resource, records]) => {
      // Prepare
      const transformer = compileResourceTransform(pipeline, resource);

      // Act
      const pages = pagesOf(records).map((page) => ({
        mapped: transformer.transformPage(page),
        expected: expectedOf(resource, page),
      }));

      // Assess
      for (const { mapped, expected } of pages) {
        expect(mapped.tables).toEqual(expected.tables);
        expect(mapped.rejected.map((rejected) => rejected.index)).toEqual(expected.rejected);
        expect(mapped.cursor).toBeNull();
      }
      const rows = pages.flatMap(({ mapped }) => Object.values(mapped.tables).flat());
      expect(rows.length).toBeGreaterThanOrEqual(records.length - 5);
    },
  );

  it('rejects the five broken characters, each with a reason naming its column and source path', () => {
    // Act
    const page = compileResourceTransform(pipeline, 'character').transformPage(dataset.characters.slice(-10));

    // Assess
    expect(page.rejected.map((rejected) => [rejected.index, rejected.reason])).toEqual([
      [5, 'status (from status): required, got null; nullable: true would store NULL'],
      [6, 'created_at (from created): expected a date and time in ISO 8601, got "not-a-date"'],
      [7, 'episode: expected an array, got "S01E01"'],
      [8, 'origin_location_id (from origin.url): missing from the record'],
      [9, 'name (from name): missing from the record'],
    ]);
    expect(page.tables.characters).toHaveLength(5);
  });

  it('gives the loader every valid character of a page, to replace their episode links', () => {
    const page = compileResourceTransform(pipeline, 'character').transformPage(dataset.characters.slice(-10));
    const ids = dataset.characters.slice(-10, -5).map((character) => [character.id]);
    expect(page.replace).toEqual({ character_episodes: { columns: ['character_id'], keys: ids } });
  });
});
