import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { describe, expect, it } from 'vitest';
import { dependentFactsOf, dimensionSpecOf, factSpecOf } from './declared-specs.ts';

const sakilaDestination = async () => {
  const file = fileURLToPath(new URL('../../../pipelines/sakila.yaml', import.meta.url));
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), file);
  if (!result.ok) throw new Error(`${file} is invalid`);
  return result.pipeline.destination;
};

describe('Function: dimensionSpecOf() / factSpecOf() / dependentFactsOf()', () => {
  it('reads an scd2 table as the history library takes it: types from its columns, the low date with a time', async () => {
    // Prepare
    const destination = await sakilaDestination();

    // Act
    const spec = dimensionSpecOf('dim_store', destination.dim_store);

    // Assess
    expect(spec).toEqual({
      table: 'dim_store',
      naturalKey: { store_id: 'int' },
      tracked: { manager_staff_id: 'int', address_id: 'int' },
      overwrite: {},
      lowDate: '2000-01-01 00:00:00',
    });
    expect(dimensionSpecOf('fact_rental', destination.fact_rental)).toBeNull();
  });

  it('reads a fact table with its lookups resolved to the dimensions they name', async () => {
    // Prepare
    const destination = await sakilaDestination();

    // Act
    const spec = factSpecOf(destination, 'fact_payment');

    // Assess
    expect(spec).toMatchObject({
      table: 'fact_payment',
      id: { payment_id: 'int' },
      eventAt: 'payment_date',
      measures: { amount: 'decimal(5,2)', rental_id: 'int' },
    });
    expect(spec?.dimensions.staff_sk).toMatchObject({
      dimension: { table: 'dim_staff', naturalKey: { staff_id: 'int' } },
      naturalKey: { staff_id: 'staff_id' },
      missing: 'infer',
    });
  });

  it('lists every fact table looking up a dimension, and none for a dimension no fact uses', async () => {
    // Prepare
    const destination = await sakilaDestination();

    // Act
    const customer = dependentFactsOf(destination, 'dim_customer').map(({ table }) => table);
    const film = dependentFactsOf(destination, 'dim_film');

    // Assess
    expect(customer).toEqual(['fact_rental', 'fact_payment']);
    expect(film).toEqual([]);
  });
});
