import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { drizzleTableOf } from '@sluice/warehouse';

const file = fileURLToPath(new URL('../../pipelines/rickandmorty.yaml', import.meta.url));
const parsed = await parsePipelineYaml(await readFile(file, 'utf8'), file);
if (!parsed.ok) throw new Error(`${file} is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);

/** The shipped Rick and Morty pipeline, as the services read it. */
export const rickAndMortyPipeline = parsed.pipeline;

const tableOf = (name: string) => {
  const declared = rickAndMortyPipeline.destination[name];
  if (!declared) throw new Error(`rickandmorty.yaml declares no table ${name}`);
  return drizzleTableOf(name, declared);
};

/** Its warehouse tables, built from the file the same way the loader builds them. */
export const rickAndMortyTables = {
  locations: tableOf('locations'),
  episodes: tableOf('episodes'),
  characters: tableOf('characters'),
  characterEpisodes: tableOf('character_episodes'),
};
