import { Document, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { MappingDraft } from './draft-mapping.ts';

type Plain = Record<string, unknown>;

const mapAt = (doc: Document, path: readonly string[]): YAMLMap | null => {
  const node = doc.getIn(path, true);
  return isMap(node) ? node : null;
};

/** Each entry of the map at `path` on one line: `id: { from: id, type: int }`, as the shipped files write them. */
const flowEntries = (doc: Document, path: readonly string[], notes: Record<string, string> = {}) => {
  for (const pair of mapAt(doc, path)?.items ?? []) {
    const value = pair.value as Node | null;
    if (isMap(value) || isSeq(value)) value.flow = true;
    const note = notes[String((pair.key as { value?: unknown }).value ?? pair.key)];
    if (note && value) value.comment = ` ${note}`;
  }
};

/**
 * The `transform` and `destination` of the drafts, with the rest of a pipeline file when given (name,
 * source…, in that order), as YAML a person edits: one line a column, and a comment wherever the page
 * left a guess to check.
 */
export const mappingYaml = (drafts: readonly MappingDraft[], head: Plain = {}, comment?: string): string => {
  const doc = new Document(
    {
      ...head,
      transform: Object.fromEntries(drafts.map((draft) => [draft.resource, draft.transform])),
      destination: Object.fromEntries(drafts.map((draft) => [draft.table, draft.destination])),
      // The same cleaning steps on two fields are written twice, not as a YAML alias a reader must look up.
    },
    { aliasDuplicateObjects: false },
  );
  if (comment) doc.commentBefore = comment.replace(/^/gm, ' ');
  for (const resource of Object.keys((head.source as Plain | undefined)?.resources ?? {})) {
    const entry = doc.getIn(['source', 'resources', resource], true);
    if (isMap(entry) && entry.items.length <= 2) entry.flow = true;
  }
  for (const key of ['auth', 'pagination']) {
    const block = doc.getIn(['source', key], true);
    if (isMap(block)) block.flow = true;
  }
  // An HTML field on one line, as pipelines/episodes-html.yaml writes them.
  for (const resource of Object.keys((head.source as Plain | undefined)?.resources ?? {})) {
    flowEntries(doc, ['source', 'resources', resource, 'fields']);
  }
  for (const draft of drafts) {
    flowEntries(doc, ['transform', draft.resource, 'columns'], draft.notes);
    flowEntries(doc, ['destination', draft.table, 'columns']);
    const key = doc.getIn(['destination', draft.table, 'primaryKey'], true);
    if (isSeq(key)) key.flow = true;
    const table = mapAt(doc, ['destination', draft.table]);
    if (table && draft.tableNote) table.commentBefore = ` ${draft.tableNote}`;
  }
  return doc.toString({ lineWidth: 0 });
};
