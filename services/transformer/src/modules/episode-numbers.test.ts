import { describe, expect, it } from 'vitest';
import { episodeNumbers } from './episode-numbers.ts';
import { TRANSFORM_MODULES } from './index.ts';

describe('Module: episode-numbers', () => {
  it('splits each episode code into its season and number', () => {
    // Act
    const page = episodeNumbers.transformPage([
      { id: 1, episode: 'S01E01', name: 'Pilot' },
      { id: 28, episode: 'S03E07' },
      { id: 101, episode: 'S10E112' },
    ]);

    // Assess
    expect(page).toEqual({
      tables: {
        episode_numbers: [
          { episode_id: 1, season: 1, number: 1 },
          { episode_id: 28, season: 3, number: 7 },
          { episode_id: 101, season: 10, number: 112 },
        ],
      },
      rejected: [],
      replace: {},
    });
  });

  it('rejects a record without an id or a code like S01E01, and goes on with the page', () => {
    // Prepare
    const records = [
      { id: 1, episode: '1x01' },
      { episode: 'S01E02' },
      { id: 3, episode: 'S00E03' },
      { id: 4, episode: 'S01E04' },
    ];

    // Act
    const page = episodeNumbers.transformPage(records);

    // Assess
    expect(page.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [0, 'episode: expected an episode code like S01E01'],
      [1, 'id: Invalid input: expected number, received undefined'],
      [2, 'episode.0: Too small: expected number to be >0'],
    ]);
    expect(page.rejected[0]?.record).toBe(records[0]);
    expect(page.tables.episode_numbers).toEqual([{ episode_id: 4, season: 1, number: 4 }]);
  });

  it('is in the registry under the name a pipeline file gives it', () => {
    expect(TRANSFORM_MODULES['episode-numbers']).toBe(episodeNumbers);
  });
});
