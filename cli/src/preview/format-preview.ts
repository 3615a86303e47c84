import { formatPipelineFileError, type PipelineFileError } from '@sluice/contracts/pipeline-definition';
import { textTable } from '../text-table.ts';
import { flattenRecord, pathsOf } from './flatten-record.ts';

// A cell is cut here so a table stays readable; --json has every value whole.
const CELL_WIDTH = 40;

/** What the resource's mapping made of the page, or why there is none to apply. */
export type PreviewMapping =
  | { status: 'missing' }
  | { status: 'invalid'; errors: PipelineFileError[] }
  | {
      status: 'applied';
      tables: Record<string, Record<string, unknown>[]>;
      rejected: { index: number; reason: string; record: unknown }[];
    };

export interface PagePreview {
  pipeline: string;
  resource: string;
  sourceType: string;
  page: number;
  url: string;
  nextUrl: string | null;
  pagesTotal: number | null;
  records: unknown[];
  mapping: PreviewMapping;
  /** The drafted transform and destination (`--infer`), as YAML. */
  inferredYaml?: string;
  /** The records and pages the draft was made from, when `--pages` asked for more than this page. */
  inferredFrom?: { records: number; pages: number };
}

/** A value as one short cell: text as it is (line breaks shown), null as null, the rest as JSON. */
export const cellOf = (value: unknown): string => {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value.replace(/\r?\n/g, '⏎') : JSON.stringify(value);
  return text.length > CELL_WIDTH ? `${text.slice(0, CELL_WIDTH - 1)}…` : text;
};

/** Records as a table of their fields, nested paths flattened (`author.name`), the first `limit` of them. */
export const recordsTable = (records: readonly unknown[]): string => {
  const paths = pathsOf(records);
  const rows = records.map((record) => {
    const values = flattenRecord(record);
    return paths.map((path) => cellOf(values.get(path)));
  });
  return textTable([paths, ...rows]);
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const shownOf = (total: number, limit: number, noun: string) =>
  total > limit ? `the first ${limit} of ${plural(total, noun)}` : plural(total, noun);

const mappingLines = (preview: PagePreview, limit: number, command: string): string[] => {
  const { mapping, resource } = preview;
  if (mapping.status === 'missing') {
    if (preview.inferredYaml !== undefined) return [`No transform.${resource} yet.`];
    return [`No transform.${resource} yet: \`${command} --infer\` drafts one from this page.`];
  }
  if (mapping.status === 'invalid') {
    return [
      `transform.${resource} cannot be applied yet (\`npx sluice validate\` checks the whole file):`,
      ...mapping.errors.map((error) => `  ${formatPipelineFileError(error)}`),
    ];
  }
  const total = preview.records.length;
  const lines = [`transform.${resource} makes of the ${plural(total, 'record')}:`];
  for (const [table, rows] of Object.entries(mapping.tables)) {
    lines.push(`${table}: ${shownOf(rows.length, limit, 'row')}`);
    if (rows.length > 0) lines.push(recordsTable(rows.slice(0, limit)));
  }
  if (mapping.rejected.length === 0) {
    lines.push('Rejected: none');
    return lines;
  }
  lines.push(
    `Rejected: ${shownOf(mapping.rejected.length, limit, 'record')} (record: its position on the page, from 0)`,
  );
  lines.push(
    textTable([
      ['record', 'reason'],
      ...mapping.rejected.slice(0, limit).map(({ index, reason }) => [String(index), reason]),
    ]),
  );
  return lines;
};

/**
 * What `sluice preview` prints: where the page came from, its records as a table, then the rows and
 * rejections the mapping makes of them (or why it cannot yet), and the drafted mapping with `--infer`.
 */
export const formatPreview = (preview: PagePreview, limit: number, command: string): string => {
  const { records } = preview;
  const pages = preview.pagesTotal === null ? '' : ` of ${preview.pagesTotal}`;
  const next = preview.nextUrl ? `; next: ${preview.nextUrl}` : '';
  const lines = [
    `${preview.pipeline} ${preview.resource} (${preview.sourceType}), page ${preview.page}${pages}: ${preview.url}${next}`,
    `Records: ${shownOf(records.length, limit, 'record')}${records.length > 0 ? ', nested fields as paths' : ''}`,
  ];
  if (records.length > 0) lines.push(recordsTable(records.slice(0, limit)));
  lines.push('', ...mappingLines(preview, limit, command));
  if (preview.inferredYaml !== undefined) {
    lines.push(
      '',
      preview.inferredFrom && preview.inferredFrom.pages > 1
        ? `Drafted from the ${plural(preview.inferredFrom.records, 'record')} of ${preview.inferredFrom.pages} pages from this one on (paste into the file, then check):`
        : `Drafted from the ${plural(records.length, 'record')} of this page (paste into the file, then check):`,
    );
    lines.push(preview.inferredYaml.trimEnd());
  }
  return `${lines.join('\n')}\n`;
};
