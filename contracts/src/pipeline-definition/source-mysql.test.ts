// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import { describe, expect, it } from 'vitest';
import { formatPipelineFileError, type PipelineFileResult, parsePipelineYaml } from './read-pipeline-file.ts';

const FILE = 'pipelines/shop.yaml';

/** A valid mysql pipeline: a table read whole, and one read by its cursor; tests break one thing in it. */
const pipelineYaml = () => `name: shop
description: The shop's operational database.
schedule: rate(1 hour)
source:
  type: mysql
  connection: '\${SHOP_DATABASE_URL}'
  timezone: Europe/Paris
  resources:
    order_lines:
      table: order_lines
      primaryKey: [order_id, line_no]
      capture: full
    payments:
      table: payment
      primaryKey: [payment_id]
      columns: [payment_id, amount, last_update]
      capture: cursor
      cursor: last_update
      lagSeconds: 5
transform:
  order_lines:
    table: order_lines
    columns:
      order_id: { from: order_id, type: int }
      line_no: { from: line_no, type: int }
  payments:
    table: payments
    columns:
      payment_id: { from: payment_id, type: int }
      amount: { from: amount, type: decimal }
destination:
  order_lines:
    columns: { order_id: int, line_no: int }
    primaryKey: [order_id, line_no]
  payments:
    columns: { payment_id: int, amount: 'decimal(10,2)' }
    primaryKey: [payment_id]
`;

const errorsOf = (result: PipelineFileResult) => (result.ok ? [] : result.errors);
const errorsIn = async (text: string) =>
  errorsOf(await parsePipelineYaml(text, FILE)).map(formatPipelineFileError);

describe('Schema: a mysql source in a pipeline file', () => {
  it('accepts a valid file and applies the defaults (page size 1000, capture full)', async () => {
    // Act
    const result = await parsePipelineYaml(pipelineYaml().replace('      capture: full\n', ''), FILE);

    // Assess
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok || result.pipeline.source.type !== 'mysql') throw new Error('not a mysql pipeline');
    expect(result.pipeline.source.pageSize).toBe(1000);
    expect(result.pipeline.source.resources.order_lines).toEqual({
      table: 'order_lines',
      primaryKey: ['order_id', 'line_no'],
      capture: 'full',
    });
    expect(result.pipeline.source.resources.payments?.lagSeconds).toBe(5);
  });

  it('refuses a connection URL written in the file, naming the variable to use instead', async () => {
    const text = pipelineYaml().replace("'${SHOP_DATABASE_URL}'", 'mysql://shop:s3cret@db.internal/shop');
    expect(await errorsIn(text)).toEqual([
      `${FILE}:6:3 source.connection: a connection URL must come from the environment ('\${SHOP_DATABASE_URL}'), not be written in the file: pipeline files are committed, so a secret in one is a leaked secret`,
    ]);
  });

  it('refuses a connection that builds the URL around variables: the whole URL is the secret', async () => {
    const text = pipelineYaml().replace(
      "'${SHOP_DATABASE_URL}'",
      "'mysql://${DB_USER}:${DB_PASSWORD}@db/shop'",
    );
    expect(await errorsIn(text)).toEqual([
      `${FILE}:6:3 source.connection: a connection URL must be the reference alone ('\${DB_USER}'), with nothing around it`,
    ]);
  });

  it('refuses identifiers that could not be quoted as they are, at their line', async () => {
    const text = pipelineYaml()
      .replace('table: payment\n', 'table: payment; drop table x\n')
      .replace('[payment_id]\n      columns', '[payment-id]\n      columns');
    expect(await errorsIn(text)).toEqual([
      `${FILE}:14:7 source.resources.payments.table: a MySQL identifier: letters, digits and underscores`,
      `${FILE}:15:20 source.resources.payments.primaryKey[0]: a MySQL identifier: letters, digits and underscores`,
    ]);
  });

  it('refuses capture: cursor without a cursor column, and a cursor or lag on a full capture', async () => {
    const noCursor = pipelineYaml().replace('      cursor: last_update\n', '');
    const cursorOnFull = pipelineYaml().replace('capture: full', 'capture: full\n      lagSeconds: 3');
    expect(await errorsIn(noCursor)).toEqual([
      `${FILE}:13:5 source.resources.payments.cursor: capture: cursor needs the cursor column (a DATETIME or TIMESTAMP every write sets)`,
    ]);
    expect(await errorsIn(cursorOnFull)).toEqual([
      `${FILE}:13:7 source.resources.order_lines.lagSeconds: lagSeconds applies to capture: cursor only`,
    ]);
  });

  it('refuses columns that leave out the key or the cursor, which the next page starts after', async () => {
    const text = pipelineYaml().replace('[payment_id, amount, last_update]', '[payment_id, amount]');
    expect(await errorsIn(text)).toEqual([
      `${FILE}:16:7 source.resources.payments.columns: 'last_update' must be among the columns: pages are read after its last value`,
    ]);
  });

  it('refuses a transform reading a column the resource does not take', async () => {
    const text = pipelineYaml().replace('amount: { from: amount', 'amount: { from: price');
    expect(await errorsIn(text)).toEqual([
      `${FILE}:30:17 transform.payments.columns.amount.from: 'price' is not a field of the source resource (payment_id, amount, last_update)`,
    ]);
  });

  it('refuses an unknown time zone, an incremental block and two resources of one table', async () => {
    const text = pipelineYaml()
      .replace('timezone: Europe/Paris', 'timezone: Mars/Olympus')
      .replace('table: payment\n', 'table: order_lines\n')
      .replace(
        'source:\n',
        'incremental:\n  payments: { cursor: last_update, param: since, start: 0 }\nsource:\n',
      );
    const paths = (await parsePipelineYaml(text, FILE).then(errorsOf)).map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining(['source.timezone', 'source.resources.payments.table', 'incremental.payments']),
    );
  });
});
