import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cursorColumnOf } from './check-history.ts';
import { formatPipelineFileError, type PipelineFileResult, parsePipelineYaml } from './read-pipeline-file.ts';

const FILE = 'pipelines/sakila.yaml';
const SHIPPED = readFileSync(join(import.meta.dirname, '../../../pipelines/sakila.yaml'), 'utf8');

const errorsOf = (result: PipelineFileResult) => (result.ok ? [] : result.errors);
/** The shipped file with one text replaced: each case breaks one thing in it. */
const errorsWith = async (from: string, to: string) => {
  expect(SHIPPED).toContain(from);
  return errorsOf(await parsePipelineYaml(SHIPPED.replace(from, to), FILE)).map(formatPipelineFileError);
};

describe('Schema: scd2 and fact tables in a pipeline file', () => {
  it('accepts the shipped sakila pipeline, with its defaults applied', async () => {
    // Act
    const result = await parsePipelineYaml(SHIPPED, FILE);

    // Assess
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) throw new Error('invalid');
    expect(result.pipeline.destination.dim_customer?.scd2).toMatchObject({
      overwrite: [],
      validFrom: 'snapshot',
    });
    expect(result.pipeline.destination.fact_rental?.fact?.lookups.customer_sk).toEqual({
      dimension: 'dim_customer',
      naturalKey: { customer_id: 'customer_id' },
      missing: 'infer',
    });
    expect(cursorColumnOf(result.pipeline, 'dim_film')).toBe('last_update');
    expect(cursorColumnOf(result.pipeline, 'dim_customer')).toBeNull();
    expect(cursorColumnOf(result.pipeline, 'dim_store')).toBeNull();
  });

  it('refuses a tracked or key column the table does not declare, at its line', async () => {
    // Act
    const errors = await errorsWith('naturalKey: [film_id]', 'naturalKey: [film_no]');

    // Assess
    expect(errors).toEqual([
      expect.stringMatching(
        /^pipelines\/sakila\.yaml:\d+:\d+ destination\.dim_film\.scd2\.naturalKey\[0\]: 'film_no' is not a column of this table$/,
      ),
    ]);
  });

  it('refuses a lookup into a table that is not an scd2 table of the pipeline', async () => {
    // Act
    const errors = await errorsWith(
      'staff_sk: { dimension: dim_staff, naturalKey: { staff_id: staff_id } }',
      'staff_sk: { dimension: fact_payment, naturalKey: { staff_id: staff_id } }',
    );

    // Assess
    expect(errors).toEqual([
      expect.stringContaining(
        "destination.fact_rental.fact.lookups.staff_sk.dimension: 'fact_payment' is not an scd2 table of this pipeline (dim_customer, dim_film, dim_store, dim_staff, dim_inventory)",
      ),
    ]);
  });

  it('refuses an event time that is not a date or datetime column', async () => {
    // Act
    const errors = await errorsWith('eventTime: payment_date', 'eventTime: amount');

    // Assess
    expect(errors).toEqual([
      expect.stringContaining(
        "destination.fact_payment.fact.eventTime: 'amount' is decimal(5,2); an event time is a date or datetime column",
      ),
    ]);
  });

  it('refuses validFrom: cursor on a table read whole, whose records carry no cursor', async () => {
    // Act
    const errors = await errorsWith('validFrom: snapshot\n  dim_staff:', 'validFrom: cursor\n  dim_staff:');

    // Assess
    expect(errors).toEqual([
      expect.stringContaining(
        "destination.dim_store.scd2.validFrom: resource 'store' is read with capture: full, so its records carry no cursor; use validFrom: snapshot",
      ),
    ]);
  });

  it('refuses a primaryKey beside an scd2 block, which gives the table its keys', async () => {
    // Act
    const errors = await errorsWith(
      '    writeMode: scd2\n    scd2:\n      naturalKey: [store_id]',
      '    primaryKey: [store_id]\n    writeMode: scd2\n    scd2:\n      naturalKey: [store_id]',
    );

    // Assess
    expect(errors).toEqual([
      expect.stringContaining(
        'destination.dim_store.primaryKey: a scd2 table gets its keys from its scd2 block; drop primaryKey',
      ),
    ]);
  });
});
