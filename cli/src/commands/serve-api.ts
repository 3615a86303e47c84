import { generateRickAndMortyDataset, loadRickAndMortyDataset, startRickAndMortyApi } from '@sluice/fixtures';
import { offlineDataset } from '../local-run.ts';

/**
 * `sluice serve-api`: a local Rick and Morty API, serving the bundled dataset, a generated one of any size,
 * or a recorded copy of the real API (a folder with characters.json, locations.json, episodes.json).
 */
export const serveApiCommand = async (options: { dir?: string; port?: string; characters?: string }) => {
  const dataset = options.dir
    ? await loadRickAndMortyDataset(options.dir)
    : options.characters
      ? generateRickAndMortyDataset({ characters: Number(options.characters) })
      : offlineDataset();
  const api = await startRickAndMortyApi({ dataset, port: Number(options.port ?? 0) });
  process.stdout.write(
    `Serving ${dataset.characters.length} characters, ${dataset.locations.length} locations and ` +
      `${dataset.episodes.length} episodes at ${api.url}\nRICK_AND_MORTY_API_URL=${api.url} npm start   # in another shell; Ctrl-C stops this\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await api.close();
};
