import { ContractError, type ProcessedPage, type ReplaceScope, type Row } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type Executor, insertRows, replaceChildRows, upsertRows } from '@sluice/warehouse';
import type { MySqlTable } from 'drizzle-orm/mysql-core';

/**
 * The pages' rows, each table in multi-row statements for all the pages at once, tables in the order the
 * pages list them (parents before children), each as its destination says: upsert, append, or replace
 * the rows of the pages' parents.
 */
export const writeTables = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  tables: Record<string, MySqlTable>,
  pages: ProcessedPage[],
): Promise<void> => {
  const merged = mergePages(pages);
  for (const [name, rows] of merged.tables) {
    const table = tables[name];
    const declared = pipeline.destination[name];
    if (!table || !declared) {
      throw new ContractError(
        `processed page writes table ${name}, which pipeline ${pipeline.name} does not declare`,
        {
          table: name,
        },
      );
    }
    if (declared.writeMode === 'replace') {
      const scope = merged.replace.get(name);
      if (!scope)
        throw new ContractError(`processed page replaces ${name} without saying whose rows`, { table: name });
      await replaceChildRows(tx, table, scope, rows);
    } else if (declared.writeMode === 'append') {
      await insertRows(tx, table, rows);
    } else {
      await upsertRows(tx, table, rows);
    }
  }
};

/**
 * The pages' tables and replace scopes put together. Two pages replacing the same parent's rows cannot
 * be (the rows of both would stay): the transaction then fails and each page loads alone.
 */
const mergePages = (pages: ProcessedPage[]) => {
  const tables = new Map<string, Row[]>();
  const replace = new Map<string, ReplaceScope>();
  const parents = new Set<string>();
  for (const page of pages) {
    for (const [name, rows] of Object.entries(page.tables))
      tables.set(name, [...(tables.get(name) ?? []), ...rows]);
    for (const [name, scope] of Object.entries(page.replace)) {
      for (const key of scope.keys) {
        const id = `${name} ${JSON.stringify(key)}`;
        if (parents.has(id))
          throw new Error(`two pages of the batch replace the ${name} rows of ${JSON.stringify(key)}`);
        parents.add(id);
      }
      const merged = replace.get(name);
      replace.set(name, merged ? { columns: merged.columns, keys: [...merged.keys, ...scope.keys] } : scope);
    }
  }
  return { tables, replace };
};
