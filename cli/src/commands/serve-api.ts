import {
  generateRickAndMortyDataset,
  loadRickAndMortyDataset,
  startEpisodesSite,
  startRickAndMortyApi,
} from '@sluice/fixtures';
import { offlineDataset } from '../local-run.ts';
import { countOption, portOption } from '../option-values.ts';

/**
 * `sluice serve-api`: a local Rick and Morty API, serving the bundled dataset, a generated one of any size,
 * or a recorded copy of the real API (a folder with characters.json, locations.json, episodes.json).
 */
export const serveApiCommand = async (options: {
  dir?: string;
  port?: string;
  characters?: string;
  html?: boolean;
}) => {
  const port = portOption(options.port);
  if (options.html) return serveEpisodesSite(port);
  const dataset = options.dir
    ? await loadRickAndMortyDataset(options.dir)
    : options.characters
      ? generateRickAndMortyDataset({ characters: countOption(options.characters, '--characters') })
      : offlineDataset();
  const api = await startRickAndMortyApi({ dataset, port });
  process.stdout.write(
    `Serving ${dataset.characters.length} characters, ${dataset.locations.length} locations and ` +
      `${dataset.episodes.length} episodes at ${api.url}\nRICK_AND_MORTY_API_URL=${api.url} npm start   # in another shell; Ctrl-C stops this\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await api.close();
};

/** Where pipelines/episodes-html.yaml reads its listing when EPISODES_HTML_URL is unset. */
export const EPISODES_HTML_DEFAULT_URL = 'http://127.0.0.1:8080/episodes.html';

/**
 * How to load the site just started: `start` runs the services itself with the variable it is given. With
 * services of one's own (`npm run dev`) the variable must be theirs too, or `sluice run` refuses them as
 * foreign consumers; on the default port nothing needs setting at all.
 */
export const episodesSiteUsage = (url: string): string => {
  const variable = url === EPISODES_HTML_DEFAULT_URL ? '' : `EPISODES_HTML_URL=${url} `;
  return [
    `In another shell: ${variable}npx sluice start episodes-html`,
    `  or, beside services started with \`${variable}npm run dev\`: ${variable}npx sluice run episodes-html --wait`,
  ].join('\n');
};

/** `sluice serve-api --html`: an episodes web site for pipelines/episodes-html.yaml, messy markup and all. */
const serveEpisodesSite = async (port: number) => {
  const site = await startEpisodesSite({ port, episodes: 12, pageSize: 5 });
  process.stdout.write(
    `Serving an episodes site at ${site.url} (12 episodes, 5 a page, a detail page each); Ctrl-C stops it\n${episodesSiteUsage(site.url)}\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await site.close();
};
