// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are what these tests are about
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatPipelineFileError,
  loadPipelines,
  type PipelineFileResult,
  parsePipelineYaml,
} from './read-pipeline-file.ts';

const SHIPPED = fileURLToPath(new URL('../../../pipelines/', import.meta.url));
const FILE = 'pipelines/coincap.yaml';

/** A small valid pipeline file; tests break one thing in it. */
const pipelineYaml = () => `name: coincap
description: CoinCap assets.
schedule: rate(1 hour)
source:
  type: rest
  baseUrl: https://rest.coincap.io/v3
  auth:
    type: api_key
    in: header
    name: X-Api-Key
    value: '\${COINCAP_API_KEY}'
  pagination:
    type: offset
    pageSize: 100
  records: data
  resources:
    assets: { path: /assets }
transform:
  assets:
    table: coincap_assets
    columns:
      id: { from: id, type: string }
      price_usd: { from: priceUsd, type: decimal }
destination:
  coincap_assets:
    columns:
      id: varchar(64)
      price_usd: decimal(38,18)
    primaryKey: [id]
`;

/** 1-based line and column where `snippet` starts in `text`. */
const positionOf = (text: string, snippet: string) => {
  const before = text.slice(0, text.indexOf(snippet)).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
};

const errorsOf = (result: PipelineFileResult) => (result.ok ? [] : result.errors);
const errorsIn = async (text: string, file: string) => errorsOf(await parsePipelineYaml(text, file));

describe('Function: parsePipelineYaml()', () => {
  it('returns the typed pipeline, defaults applied, when the file is valid', async () => {
    // Act
    const result = await parsePipelineYaml(pipelineYaml(), FILE);

    // Assess
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok || result.pipeline.source.type !== 'rest') return;
    expect(result.pipeline.source.pagination).toEqual({
      type: 'offset',
      offsetParam: 'offset',
      limitParam: 'limit',
      pageSize: 100,
    });
    expect(result.pipeline.destination.coincap_assets?.columns.id).toEqual({
      type: 'varchar(64)',
      nullable: false,
    });
    expect(result.pipeline.destination.coincap_assets?.writeMode).toBe('upsert');
  });

  it('rejects an API key written in the file, at its line, saying why and what to write instead', async () => {
    // Prepare
    const text = pipelineYaml().replace("value: '${COINCAP_API_KEY}'", 'value: 3f9a1c0de4b5');

    // Act
    const [error, ...others] = await errorsIn(text, FILE);

    // Assess
    expect(others).toEqual([]);
    expect(error).toMatchObject({ ...positionOf(text, 'value: 3f9a'), path: 'source.auth.value' });
    expect(formatPipelineFileError(error as never)).toBe(
      `${FILE}:11:5 source.auth.value: an API key must come from the environment ('\${COINCAP_API_KEY}'), ` +
        'not be written in the file: pipeline files are committed, so a secret in one is a leaked secret',
    );
  });

  it('says where id_from_url belongs when it is written as a cleaning step', async () => {
    // Prepare
    const file = 'pipelines/episodes-html.yaml';
    const shipped = await readFile(fileURLToPath(new URL(`../../../${file}`, import.meta.url)), 'utf8');
    const text = shipped.replace('clean: [collapse_whitespace, trim]', 'clean: [id_from_url]');

    // Act
    const errors = await errorsIn(text, file);

    // Assess
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(
        /^must be one of trim, .*; not 'id_from_url' \(id_from_url is a value type: keep the link as a field and give its transform column `type: id_from_url`\)$/,
      ),
    ]);
  });

  it('rejects a literal secret even when other parts of the file are invalid too', async () => {
    const text = pipelineYaml()
      .replace("value: '${COINCAP_API_KEY}'", 'value: 3f9a1c0de4b5')
      .replace('pageSize: 100', 'pageSize: lots');
    const paths = (await errorsIn(text, FILE)).map((error) => error.path);
    expect(paths).toEqual(['source.auth.value', 'source.pagination.pageSize']);
  });

  it('rejects a reference with a default or with text around it, as either would hold the secret', async () => {
    const withDefault = pipelineYaml().replace('${COINCAP_API_KEY}', '${COINCAP_API_KEY:-3f9a1c}');
    const withPrefix = pipelineYaml().replace('${COINCAP_API_KEY}', 'key-${COINCAP_API_KEY}');
    expect((await errorsIn(withDefault, FILE))[0]?.message).toMatch(/cannot have a default/);
    expect((await errorsIn(withPrefix, FILE))[0]?.message).toMatch(/the reference alone/);
  });

  it('reports a column mapped to a table missing from destination, at the table it names', async () => {
    // Prepare
    const text = pipelineYaml().replace('table: coincap_assets', 'table: assets');

    // Act
    const errors = (await errorsIn(text, FILE)).map(formatPipelineFileError);

    // Assess
    expect(errors).toEqual([
      `${FILE}:20:5 transform.assets.table: table 'assets' is not in destination (coincap_assets)`,
      `${FILE}:25:3 destination.coincap_assets: nothing writes table 'coincap_assets': no transform maps to it`,
    ]);
  });

  it('names the pagination types there are when the one given is unknown', async () => {
    const text = pipelineYaml().replace('type: offset', 'type: pages');
    expect((await errorsIn(text, FILE)).map(formatPipelineFileError)).toEqual([
      `${FILE}:13:5 source.pagination.type: must be one of none, next_url, page_number, offset, cursor, link_header; not 'pages'`,
    ]);
  });

  it('reports a YAML syntax error with its line and column', async () => {
    // Prepare: a mapping indented one space too few
    const text = pipelineYaml().replace('  auth:\n    type: api_key', '  auth:\n   type: api_key');

    // Act
    const errors = await errorsIn(text, FILE);

    // Assess
    expect(errors[0]).toMatchObject({ ...positionOf(text, 'api_key'), path: '' });
    expect(errors[0]?.message).toBe('YAML syntax: Nested mappings are not allowed in compact mappings');
    // One error a line: the others on it are the parser's follow-on complaints.
    const lines = errors.map((error) => error.line);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('reports an unclosed { at the bracket left open, not at the line where YAML noticed it', async () => {
    // Prepare
    const text = pipelineYaml().replace('id: { from: id, type: string }', 'id: { from: id, type: string');

    // Act
    const errors = await errorsIn(text, FILE);

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionOf(text, '{ from: id, type: string\n'), path: '' });
    expect(errors[0]?.message).toMatch(/^YAML syntax: Flow map .* must .* end with a \}/);
  });

  it('reports a duplicated key as a syntax error rather than keeping the last one', async () => {
    const text = pipelineYaml().replace('  records: data\n', '  records: data\n  records: results\n');
    expect((await errorsIn(text, FILE))[0]).toMatchObject({
      ...positionOf(text, 'records: results'),
      message: 'YAML syntax: Map keys must be unique',
    });
  });

  it('reports a wrong-typed value deep inside at its own line, with what it got', async () => {
    const text = pipelineYaml().replace(
      'price_usd: decimal(38,18)',
      "price_usd: { type: 'decimal(38,18)', nullable: maybe }",
    );
    const { line, column } = positionOf(text, 'nullable: maybe');
    expect((await errorsIn(text, FILE)).map(formatPipelineFileError)).toEqual([
      `${FILE}:${line}:${column} destination.coincap_assets.columns.price_usd.nullable: expected boolean, not 'maybe'`,
    ]);
  });

  it('reports a missing key at the line of its parent, and a misspelt one at its own line', async () => {
    const text = pipelineYaml().replace('    pageSize: 100\n', '    page_size: 100\n');
    expect((await errorsIn(text, FILE)).map(formatPipelineFileError)).toEqual([
      `${FILE}:12:3 source.pagination.pageSize: required (number), but missing`,
      `${FILE}:14:5 source.pagination.page_size: unknown key 'page_size'`,
    ]);
  });

  it('explains the comma that YAML takes out of decimal(p,s) inside a flow mapping', async () => {
    const text = pipelineYaml().replace(
      'price_usd: decimal(38,18)',
      'price_usd: { type: decimal(38,18), nullable: true }',
    );
    const [error] = await errorsIn(text, FILE);
    expect(error?.message).toMatch(
      /lost its scale to YAML: inside \{ … \} a comma ends the value, so quote it/,
    );
  });

  it('requires the pipeline name to equal the file name', async () => {
    const errors = await errorsIn(pipelineYaml(), 'pipelines/coins.yaml');
    expect(errors.map(formatPipelineFileError)).toEqual([
      "pipelines/coins.yaml:1:1 name: 'coincap' must equal the file name without .yaml ('coins')",
    ]);
  });

  it('says so when the file is empty or not a mapping', async () => {
    expect((await errorsIn('', FILE))[0]?.message).toMatch(/^the file is empty/);
    expect((await errorsIn('- a\n- b\n', FILE))[0]?.message).toMatch(/^the file is not a mapping/);
  });
});

describe('Function: loadPipelines()', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds the shipped pipelines all valid', async () => {
    // Act
    const results = await loadPipelines(SHIPPED);

    // Assess
    const errors = results.flatMap(errorsOf).map(formatPipelineFileError);
    expect(errors).toEqual([]);
    const summary = results.map((result) =>
      result.ok
        ? [result.pipeline.name, result.pipeline.source.type, Object.keys(result.pipeline.source.resources)]
        : [],
    );
    expect(summary).toEqual([
      ['coincap', 'rest', ['assets', 'exchanges']],
      ['episodes-html', 'html', ['episodes']],
      ['rickandmorty', 'rest', ['location', 'episode', 'character']],
      ['sakila', 'mysql', ['customer', 'film', 'store', 'staff', 'inventory', 'rental', 'payment']],
    ]);
  });

  it('reads only *.yaml files, in name order, each reported under its own path', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'sluice-pipelines-'));
    await writeFile(join(dir, 'coincap.yaml'), pipelineYaml());
    await writeFile(join(dir, 'broken.yaml'), 'name: broken\n');
    await writeFile(join(dir, 'notes.md'), '# not a pipeline');

    // Act
    const results = await loadPipelines(dir);

    // Assess
    expect(results.map((result) => [result.file, result.ok])).toEqual([
      [join(dir, 'broken.yaml'), false],
      [join(dir, 'coincap.yaml'), true],
    ]);
  });
});
