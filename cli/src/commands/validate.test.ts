import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config.ts';
import { loadShippedPipelines, readPipelineFiles } from '../pipelines/pipeline-files.ts';
import { formatValidation } from './validate.ts';

describe('Function: formatValidation()', () => {
  it('prints a ✓ line per shipped pipeline, with its resources and schedule, paths relative to the root', async () => {
    // Act
    const output = formatValidation(await loadShippedPipelines(PROJECT_ROOT));

    // Assess
    expect(output).toBe(
      [
        '✓ pipelines/coincap.yaml (2 resources, schedule rate(1 hour))',
        '✓ pipelines/episodes-html.yaml (1 resource, schedule cron(0 6 ? * MON *))',
        '✓ pipelines/rickandmorty.yaml (3 resources, schedule cron(0 3 * * ? *))',
        '✓ pipelines/sakila.yaml (7 resources, schedule cron(0 3 * * ? *))',
        '',
      ].join('\n'),
    );
  });

  it('prints every error as file:line:column path: message, and counts them', async () => {
    // Prepare
    const results = [
      ...(await readPipelineFiles([join(PROJECT_ROOT, 'pipelines/rickandmorty.yaml')])),
      {
        ok: false as const,
        file: 'pipelines/coincap.yaml',
        errors: [
          {
            file: 'pipelines/coincap.yaml',
            line: 15,
            column: 5,
            path: 'source.auth.token',
            message: 'a secret',
          },
          { file: 'pipelines/coincap.yaml', line: 19, column: 5, path: '', message: 'YAML syntax: bad' },
        ],
      },
    ];

    // Act
    const lines = formatValidation(results).trimEnd().split('\n');

    // Assess
    expect(lines.slice(1)).toEqual([
      'pipelines/coincap.yaml:15:5 source.auth.token: a secret',
      'pipelines/coincap.yaml:19:5 YAML syntax: bad',
      '2 errors in 1 of 2 pipeline files',
    ]);
  });
});

describe('Function: readPipelineFiles()', () => {
  it('reports a file that cannot be read as an error of that file', async () => {
    const [result] = await readPipelineFiles(['pipelines/missing.yaml']);
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.errors[0]?.message).toMatch(/^cannot be read: ENOENT/);
  });
});
