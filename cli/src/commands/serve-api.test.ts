import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.ts';
import { loadShippedPipelines } from '../pipelines/pipeline-files.ts';
import { EPISODES_HTML_DEFAULT_URL, episodesSiteUsage } from './serve-api.ts';

describe('Function: episodesSiteUsage()', () => {
  it('needs no variable on the port the pipeline reads by default', () => {
    expect(episodesSiteUsage('http://127.0.0.1:8080/episodes.html').split('\n')).toEqual([
      'In another shell: npx sluice start episodes-html',
      '  or, beside services started with `npm run dev`: npx sluice run episodes-html --wait',
    ]);
  });

  it('sets EPISODES_HTML_URL for the services as well as for the run on any other port', () => {
    const url = 'http://127.0.0.1:40123/episodes.html';
    expect(episodesSiteUsage(url).split('\n')).toEqual([
      `In another shell: EPISODES_HTML_URL=${url} npx sluice start episodes-html`,
      `  or, beside services started with \`EPISODES_HTML_URL=${url} npm run dev\`: EPISODES_HTML_URL=${url} npx sluice run episodes-html --wait`,
    ]);
  });

  it("knows the shipped pipeline's default", async () => {
    const [episodes] = (await loadShippedPipelines(PROJECT_ROOT)).filter(
      (result) => result.ok && result.pipeline.name === 'episodes-html',
    );
    const source = episodes?.ok ? episodes.pipeline.source : null;
    const listing = source?.type === 'html' ? source.resources.episodes?.listing?.url : undefined;
    expect(listing).toBe(`\${EPISODES_HTML_URL:-${EPISODES_HTML_DEFAULT_URL}}`);
  });
});
