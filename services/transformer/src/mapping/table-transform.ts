import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type CompiledChild, compileMapping, type TableTransform } from './compiled-mapping.ts';
import type { PageRows, Row } from './page-rows.ts';
import { recordCheck } from './record-check.ts';

export type PageTables = Omit<PageRows, 'cursor'>;

/** Collects one child table's rows over a page, and for `replace` every parent's key. */
const childCollector = (child: CompiledChild, rows: Row[], replace: PageRows['replace']) => {
  const seenRows = new Set<string>();
  const seenKeys = new Set<string>();
  // An entity's key → where its row is in `rows`: a later record's row replaces it (the last one wins).
  const entities = new Map<string, number>();
  const keyColumns = child.parentColumns.map((column) => column.name);
  const fromParent = new Set(keyColumns);
  // Each column in the file's order, and whether the record's part or the element's row holds it.
  const sources = child.columns.map((name) => ({ name, fromParent: fromParent.has(name) }));
  const target = child.replace ? (replace[child.table] ?? { columns: keyColumns, keys: [] }) : undefined;
  if (target) replace[child.table] = target;
  return (parent: Row, items: Row[]) => {
    if (target) {
      const key = keyColumns.map((name) => parent[name] ?? null);
      const seen = JSON.stringify(key);
      if (!seenKeys.has(seen)) target.keys.push(key);
      seenKeys.add(seen);
    }
    for (const item of items) {
      const row: Row = {};
      for (const { name, fromParent } of sources)
        row[name] = (fromParent ? parent[name] : item[name]) ?? null;
      if (child.entityKey) {
        const key = JSON.stringify(child.entityKey.map((name) => row[name] ?? null));
        const at = entities.get(key);
        if (at === undefined) entities.set(key, rows.push(row) - 1);
        else rows[at] = row;
        continue;
      }
      // Distinct over the page, not only the record: a parent listed twice in a page must not give its
      // rows twice either, as one insert cannot hold the same key twice. Every row has its columns in the
      // same order, so equal rows serialise alike.
      if (child.distinct) {
        const seen = JSON.stringify(row);
        if (seenRows.has(seen)) continue;
        seenRows.add(seen);
      }
      rows.push(row);
    }
  };
};

/**
 * A mapping (`transform.<resource>.table`, `columns`, `children`) compiled once: column checks built, paths
 * resolved against the destination. Each page is then validated record by record; an invalid record is
 * rejected whole, children included, and the rest of the page goes on.
 */
export const compileTableTransform = (
  pipeline: PipelineDefinition,
  resource: string,
  transform: TableTransform,
): ((records: unknown[]) => PageTables) => {
  const mapping = compileMapping(pipeline, resource, transform);
  const check = recordCheck(mapping);
  return (records) => {
    const rows: Row[] = [];
    const tables: Record<string, Row[]> = { [mapping.table]: rows };
    for (const child of mapping.children) tables[child.table] = tables[child.table] ?? [];
    const replace: PageRows['replace'] = {};
    const children = mapping.children.map((child) =>
      childCollector(child, tables[child.table] ?? [], replace),
    );
    const rejected: PageRows['rejected'] = [];
    records.forEach((record, index) => {
      const values = check(record);
      if (typeof values === 'string') {
        rejected.push({ index, reason: values, record });
        return;
      }
      rows.push(values.row);
      values.children.forEach(({ parent, items }, child) => {
        children[child]?.(parent, items);
      });
    });
    return { tables, rejected, replace };
  };
};
