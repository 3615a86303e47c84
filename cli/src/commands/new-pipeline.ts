import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineNameSchema } from '@sluice/contracts';
import {
  formatPipelineFileError,
  type PipelineDefinition,
  parsePipelineYaml,
  SourceSchema,
} from '@sluice/contracts/pipeline-definition';
import { pipelinesDirOf } from '@sluice/runtime';
import type { CliEnv } from '../config.ts';
import { draftMapping, type MappingDraft, tableNameOf } from '../preview/draft-mapping.ts';
import { inferResource } from '../preview/infer-lists.ts';
import { mappingYaml } from '../preview/mapping-yaml.ts';
import { jsonText } from '../reports/json-text.ts';
import { shownPath } from './preview.ts';

export interface NewPipelineOptions {
  from: string;
  type?: string;
  resource?: string;
  bearer?: string;
  json?: boolean;
}

const checkOptions = (name: string, options: NewPipelineOptions) => {
  const named = PipelineNameSchema.safeParse(name);
  if (!named.success) throw new Error(`${name} is not a pipeline name: ${named.error.issues[0]?.message}`);
  if (!URL.canParse(options.from) || !/^https?:$/.test(new URL(options.from).protocol)) {
    throw new Error(`--from ${options.from} is not an http(s) URL`);
  }
  if (options.type !== undefined && options.type !== 'rest' && options.type !== 'html') {
    throw new Error(`--type ${options.type} is not a source type sluice new drafts: give rest or html`);
  }
  if (options.bearer !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.bearer)) {
    throw new Error(`--bearer ${options.bearer} is not a variable name (BOOKS_API_TOKEN)`);
  }
};

const refuseExisting = async (file: string) => {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists)
    throw new Error(`${shownPath(file)} exists: sluice new never overwrites a file; choose another name`);
};

/** `books-2024` → `BOOKS_2024_URL`: the variable the file reads its URL from. */
const urlVariableOf = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_URL`;

/** The file's text, checked by the schema `sluice validate` uses; a draft that fails it is not written. */
const pipelineText = async (
  head: Record<string, unknown>,
  mapping: MappingDraft,
  notes: string[],
  file: string,
) => {
  const comment = [
    `Drafted by \`sluice new\` from ${head.url}: check it, then \`npx sluice preview ${head.name}\`.`,
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
  const { url: _url, ...fields } = head;
  const text = mappingYaml([mapping], fields, comment);
  const result = await parsePipelineYaml(text, shownPath(file));
  if (!result.ok) {
    throw new Error(
      `the drafted file does not validate, so it was not written:\n${result.errors.map(formatPipelineFileError).join('\n')}\n${text}`,
    );
  }
  return { text, pipeline: result.pipeline };
};

/** What the drafted mapping makes of the page it was drafted from: the proof it holds. */
const checkOnPage = async (pipeline: PipelineDefinition, resource: string, records: unknown[]) => {
  const { compileResourceTransform } = await import('@sluice/transformer/mapping');
  return compileResourceTransform(pipeline, resource).transformPage(records);
};

/**
 * `sluice new <name> --from <url> [--type rest|html] [--resource R] [--bearer VAR]`: starts a pipeline file
 * from the first page of a URL: the source it drafts (records path and pagination, or rows and fields),
 * and the transform and destination inferred from the page's records. Writes `<name>.yaml` where the
 * services read pipelines, only when it validates and never over an existing file.
 */
export const newPipelineCommand = async (
  name: string,
  env: Pick<CliEnv, 'SLUICE_PIPELINES_DIR'>,
  options: NewPipelineOptions,
) => {
  checkOptions(name, options);
  const file = join(pipelinesDirOf(env), `${name}.yaml`);
  await refuseExisting(file);
  const { draftSource, previewPage } = await import('@sluice/extractor/preview');
  const drafted = await draftSource({
    url: options.from,
    type: options.type as 'rest' | 'html' | undefined,
    urlVariable: urlVariableOf(name),
    bearerVariable: options.bearer,
    resource: options.resource,
    env: process.env,
  });
  const { resource } = drafted;
  const source = SourceSchema.parse(drafted.source);
  const { records } = await previewPage({ name, source }, resource, { env: process.env });
  const inferred = inferResource(records);
  const table = tableNameOf(resource === name ? resource : `${name}_${resource}`);
  const mapping = draftMapping(resource, table, inferred);
  const head = {
    url: options.from,
    name,
    description: `${resource} from ${new URL(options.from).host}, drafted by sluice new.`,
    schedule: 'rate(1 day)',
    source: drafted.source,
  };
  const { text, pipeline } = await pipelineText(head, mapping, drafted.notes, file);
  const page = await checkOnPage(pipeline, resource, records);
  await writeFile(file, text, { flag: 'wx' });
  const summary = {
    file: shownPath(file),
    pipeline: name,
    source: drafted.type,
    resource,
    table,
    childTables: Object.keys(mapping.destination).filter((name) => name !== table),
    columns: Object.keys(mapping.transform.columns as object).length,
    primaryKey: inferred.key,
    // The names `preview --json` gives the same counts.
    recordCount: records.length,
    rejectedCount: page.rejected.length,
    notes: drafted.notes,
  };
  if (options.json) {
    process.stdout.write(jsonText(summary));
    return;
  }
  const key = inferred.key ? `key ${inferred.key.join(', ')}` : 'no key (append)';
  const children = summary.childTables.length > 0 ? `; child tables ${summary.childTables.join(', ')}` : '';
  process.stdout.write(
    `${[
      `Wrote ${summary.file}: a ${drafted.type} source, resource ${resource}, table ${table} (${summary.columns} columns, ${key})${children}`,
      ...drafted.notes.map((note) => `  ${note}`),
      `Page 1: ${records.length} records, ${records.length - page.rejected.length} kept by the drafted mapping, ${page.rejected.length} rejected`,
      `Next: read the file (comments mark each guess), \`npx sluice preview ${name}\` to see rows and rejections,`,
      `      \`npx sluice validate\`, then restart \`npx sluice services\` (they read pipeline files at start) and \`npx sluice run ${name} --wait\`.`,
    ].join('\n')}\n`,
  );
};
