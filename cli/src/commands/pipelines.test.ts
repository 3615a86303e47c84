import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.ts';
import type { LastRuns } from '../pipelines/last-runs.ts';
import { loadShippedPipelines } from '../pipelines/pipeline-files.ts';
import { formatPipelineList } from './pipelines.ts';

const shipped = async () =>
  (await loadShippedPipelines(PROJECT_ROOT)).flatMap((result) =>
    result.ok ? [{ file: result.file, pipeline: result.pipeline }] : [],
  );

describe('Function: formatPipelineList()', () => {
  it('lists each pipeline with its source, resources, schedule and last run', async () => {
    // Prepare
    const lastRuns: LastRuns = {
      reachable: true,
      runs: new Map([
        [
          'rickandmorty',
          {
            runId: '20261125T151841Z-9ecc3a',
            status: 'succeeded',
            requestedAt: '2026-11-25T15:18:41.123Z',
            finishedAt: '2026-11-25T15:18:45.020Z',
          },
        ],
      ]),
      cursors: new Map(),
    };

    // Act
    const output = formatPipelineList(await shipped(), [], lastRuns);

    // Assess
    expect(output.split('\n')).toEqual([
      'pipeline       source  resources                                                 schedule             last run',
      'coincap        rest    assets, exchanges                                         rate(1 hour)         never',
      'episodes-html  html    episodes                                                  cron(0 6 ? * MON *)  never',
      'rickandmorty   rest    location, episode, character                              cron(0 3 * * ? *)    succeeded 2026-11-25 15:18:45 UTC (20261125T151841Z-9ecc3a)',
      'sakila         mysql   customer, film, store, staff, inventory, rental, payment  cron(0 3 * * ? *)    never',
      '',
    ]);
  });

  it('shows the last runs as unknown, and why, when the database does not answer', async () => {
    // Prepare
    const lastRuns: LastRuns = {
      reachable: false,
      why: 'database unreachable',
      reason: 'connect ECONNREFUSED 127.0.0.1:3306',
    };

    // Act
    const lines = formatPipelineList(await shipped(), ['pipelines/broken.yaml'], lastRuns)
      .trimEnd()
      .split('\n');

    // Assess
    expect(lines[1]).toMatch(/^coincap .* unknown \(database unreachable\)$/);
    expect(lines.slice(-2)).toEqual([
      'Last runs unknown, database unreachable: connect ECONNREFUSED 127.0.0.1:3306',
      'Invalid, not listed: pipelines/broken.yaml (`npx sluice validate` says why)',
    ]);
  });
});
