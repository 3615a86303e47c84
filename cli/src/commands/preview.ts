import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import {
  formatPipelineFileError,
  type PipelineDraft,
  parsePipelineDraft,
} from '@sluice/contracts/pipeline-definition';
import { pipelinesDirOf } from '@sluice/runtime';
import type { CliEnv } from '../config.ts';
import { countOption } from '../option-values.ts';
import { pipelineFileOf } from '../pipelines/pipeline-file-of.ts';
import { draftMapping, type MappingDraft, tableNameOf } from '../preview/draft-mapping.ts';
import { formatPreview, type PagePreview } from '../preview/format-preview.ts';
import { inferResource } from '../preview/infer-lists.ts';
import { mappingYaml } from '../preview/mapping-yaml.ts';
import { previewResource } from '../preview/preview-resource.ts';
import { jsonText } from '../reports/json-text.ts';

export interface PreviewOptions {
  page?: string;
  limit?: string;
  infer?: boolean;
  /** With `infer`: how many pages, from `page` on, the draft is made from. */
  pages?: string;
  json?: boolean;
}

/** A file as a person finds it from here: relative when below the working directory, else as given. */
export const shownPath = (file: string): string => {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith('..') && !isAbsolute(path) ? path : file;
};

/** Reads a pipeline file that may be unfinished; one whose source cannot be used is refused with its errors. */
export const readPipelineDraft = async (file: string): Promise<PipelineDraft> => {
  const shown = shownPath(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read pipeline file ${shown}: ${(error as Error).message}`);
    }
    const there = await readdir(dirname(file)).catch(() => []);
    const names = there.filter((name) => name.endsWith('.yaml')).map((name) => name.replace(/\.yaml$/, ''));
    throw new Error(
      `no pipeline file ${shown} (${dirname(shown)} has ${names.join(', ') || 'none'}; \`npx sluice new <name> --from <url>\` starts one)`,
    );
  }
  const result = await parsePipelineDraft(text, shown);
  if (!result.ok) {
    const errors = result.errors.map(formatPipelineFileError).join('\n');
    throw new Error(`${shown} has no usable name and source yet:\n${errors}`);
  }
  return result.draft;
};

/** The table a drafted mapping fills: the one the file's transform names, else one named after the resource. */
const draftTableOf = (draft: PipelineDraft, resource: string): string => {
  const mapping = draft.mappings[resource];
  const table = mapping?.status === 'valid' ? mapping.pipeline.transform[resource] : undefined;
  return table && 'table' in table && table.table ? table.table : tableNameOf(resource);
};

const jsonOf = (preview: PagePreview, file: string, limit: number, inferred: MappingDraft | null) => {
  const { mapping } = preview;
  return {
    pipeline: preview.pipeline,
    file,
    resource: preview.resource,
    source: preview.sourceType,
    page: preview.page,
    url: preview.url,
    nextUrl: preview.nextUrl,
    // Named as a run's resources name their page count.
    pages: { total: preview.pagesTotal },
    recordCount: preview.records.length,
    records: preview.records.slice(0, limit),
    mapping:
      mapping.status === 'applied'
        ? {
            status: mapping.status,
            tables: Object.fromEntries(
              Object.entries(mapping.tables).map(([table, rows]) => [
                table,
                { rowCount: rows.length, rows: rows.slice(0, limit) },
              ]),
            ),
            rejectedCount: mapping.rejected.length,
            // As `sluice rejected` and the run's summary name a list of rejected records.
            rejections: mapping.rejected.slice(0, limit),
          }
        : mapping,
    ...(inferred
      ? {
          inferred: {
            transform: inferred.transform,
            destination: inferred.destination,
            yaml: preview.inferredYaml,
            from: preview.inferredFrom ?? { records: preview.records.length, pages: 1 },
          },
        }
      : {}),
  };
};

/**
 * The records of `count` pages from the previewed one on, as far as the resource has pages: a draft made
 * from one page takes that page's longest text and widest number for the rule.
 */
const recordsOfPages = async (draft: PipelineDraft, resource: string, first: PagePreview, count: number) => {
  const records = [...first.records];
  let last = first;
  let pagesRead = 1;
  while (pagesRead < count) {
    const next = last.page + 1;
    const more = last.nextUrl !== null || (last.pagesTotal !== null && next <= last.pagesTotal);
    if (!more) break;
    last = await previewResource(draft, resource, next, process.env);
    records.push(...last.records);
    pagesRead += 1;
  }
  return { records, pagesRead };
};

/**
 * `sluice preview <pipeline> [resource] [--page N] [--limit K] [--infer] [--json]`: one page of a resource,
 * fetched as the extractor fetches it, with no stack; its records, then what the resource's mapping makes
 * of them. Works on a file with a source and no transform yet; `--infer` drafts one from the page.
 */
export const previewCommand = async (
  pipeline: string,
  resourceArgument: string | undefined,
  env: Pick<CliEnv, 'SLUICE_PIPELINES_DIR'>,
  options: PreviewOptions,
) => {
  const page = options.page === undefined ? 1 : countOption(options.page, '--page');
  const limit = options.limit === undefined ? 10 : countOption(options.limit, '--limit');
  const file = pipelineFileOf(pipeline, pipelinesDirOf(env));
  const draft = await readPipelineDraft(file);
  const resources = Object.keys(draft.source.resources);
  const resource = resourceArgument ?? (resources[0] as string);
  if (!resources.includes(resource)) {
    throw new Error(`pipeline ${draft.name} has no resource ${resource} (it has ${resources.join(', ')})`);
  }
  const pages = options.pages === undefined ? 1 : countOption(options.pages, '--pages');
  const preview = await previewResource(draft, resource, page, process.env);
  let inferred: MappingDraft | null = null;
  if (options.infer) {
    const { records, pagesRead } = await recordsOfPages(draft, resource, preview, pages);
    inferred = draftMapping(resource, draftTableOf(draft, resource), inferResource(records));
    preview.inferredYaml = mappingYaml([inferred]);
    preview.inferredFrom = { records: records.length, pages: pagesRead };
  }
  if (options.json) {
    process.stdout.write(jsonText(jsonOf(preview, draft.file, limit, inferred)));
    return;
  }
  const command = `npx sluice preview ${pipeline}${resourceArgument ? ` ${resourceArgument}` : ''}`;
  process.stdout.write(formatPreview(preview, limit, command));
};
