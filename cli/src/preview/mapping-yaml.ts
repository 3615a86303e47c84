import { Document, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { MappingDraft } from './draft-mapping.ts';

type Plain = Record<string, unknown>;

type YamlPath = readonly (string | number)[];

const mapAt = (doc: Document, path: YamlPath): YAMLMap | null => {
  const node = doc.getIn(path, true);
  return isMap(node) ? node : null;
};

/** Each entry of the map at `path` on one line: `id: { from: id, type: int }`, as the shipped files write them. */
const flowEntries = (doc: Document, path: YamlPath) => {
  for (const pair of mapAt(doc, path)?.items ?? []) {
    const value = pair.value as Node | null;
    if (isMap(value) || isSeq(value)) value.flow = true;
  }
};

/** A draft's transform and tables written as people write them: a line a column or table, notes beside. */
const shapeDraft = (doc: Document, draft: MappingDraft) => {
  const at = ['transform', draft.resource];
  flowEntries(doc, [...at, 'columns']);
  const children = (draft.transform.children as unknown[] | undefined) ?? [];
  children.forEach((_, index) => {
    flowEntries(doc, [...at, 'children', index, 'columns']);
    flowEntries(doc, [...at, 'children', index, 'link', 'columns']);
  });
  for (const { path, note } of draft.notes) {
    const node = doc.getIn([...at, ...path], true) as Node | undefined;
    if (node) node.comment = ` ${note}`;
  }
  // `books: { primaryKey: [id] }`: a table that takes its columns from the transform says little else.
  for (const table of Object.keys(draft.destination)) {
    const node = mapAt(doc, ['destination', table]);
    if (!node) continue;
    node.flow = true;
    const note = draft.tableNotes[table];
    if (note) node.comment = ` ${note}`;
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
      destination: Object.fromEntries(drafts.flatMap((draft) => Object.entries(draft.destination))),
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
  for (const draft of drafts) shapeDraft(doc, draft);
  return doc.toString({ lineWidth: 0 });
};
