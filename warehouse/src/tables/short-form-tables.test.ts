import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { createTableStatement } from './table-ddl.ts';
import { sqlText } from './test-factories.ts';

/** A pipeline's tables, from `pipelines/<name>.yaml` or from a fixture of a former version of it. */
const destinationIn = async (url: URL, pipeline: string) => {
  const file = fileURLToPath(url);
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), `${pipeline}.yaml`);
  if (!result.ok) throw new Error(`${file} is invalid: ${JSON.stringify(result.errors)}`);
  return result.pipeline.destination;
};

describe('Shipped pipelines whose columns are said once, in the transform', () => {
  it('coincap.yaml creates exactly the tables it created when its destination listed every column', async () => {
    // Prepare
    const listed = await destinationIn(
      new URL('./fixtures/coincap-columns-listed.yaml', import.meta.url),
      'coincap',
    );

    // Act
    const derived = await destinationIn(
      new URL('../../../pipelines/coincap.yaml', import.meta.url),
      'coincap',
    );

    // Assess
    expect(derived).toEqual(listed);
    for (const [name, table] of Object.entries(listed)) {
      const derivedTable = derived[name];
      expect(derivedTable, name).toBeDefined();
      if (!derivedTable) continue;
      expect(sqlText(createTableStatement(name, derivedTable))).toBe(
        sqlText(createTableStatement(name, table)),
      );
    }
  });
});
