import { readFile } from 'node:fs/promises';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { generateRickAndMortyDataset } from '@sluice/fixtures';
import { compileResourceTransform } from './mapping/compile-resource-transform.ts';

const dataset = generateRickAndMortyDataset({
  seed: 7,
  characters: 2000,
  locations: 40,
  episodes: 30,
  invalidCharacters: 0,
});
const result = await parsePipelineYaml(
  await readFile('../../pipelines/rickandmorty.yaml', 'utf8'),
  'pipelines/rickandmorty.yaml',
);
if (!result.ok) throw new Error(JSON.stringify(result.errors));
const transformer = compileResourceTransform(result.pipeline, 'character');
const pages = Array.from({ length: 100 }, (_, p) =>
  JSON.stringify(dataset.characters.slice(p * 20, p * 20 + 20)),
);
const run = () => {
  for (const page of pages) transformer.transformPage(JSON.parse(page));
};
for (let i = 0; i < 5; i++) run();
const t = performance.now();
const runs = Number(process.env.RUNS ?? 20);
for (let i = 0; i < runs; i++) run();
console.log(
  `${((performance.now() - t) / runs / 100).toFixed(3)} ms per 20-character page (JSON.parse included)`,
);
