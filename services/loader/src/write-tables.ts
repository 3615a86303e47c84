import { ContractError, type ProcessedPage, type ReplaceScope, type Row } from '@sluice/contracts';
import type { PipelineDefinition } from '@sluice/contracts/pipeline-definition';
import { type Executor, insertRows, replaceChildRows, upsertRows } from '@sluice/warehouse';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import { type PageRow, writeDimension, writeFacts } from './write-history.ts';

/** A processed page and the URL it was read from (a database page's URL carries its run's upper bound). */
export interface PageToWrite {
  page: ProcessedPage;
  url: string;
}

/**
 * The pages' rows, each table in multi-row statements for all the pages at once, tables in the order the
 * pages list them (parents before children), each as its destination says: upsert, append, replace
 * the rows of the pages' parents, or the history library's scd2 and fact. Returns, per page (by index),
 * the records a fact lookup rejected.
 */
export const writeTables = async (
  tx: Executor,
  pipeline: PipelineDefinition,
  tables: Record<string, MySqlTable>,
  pages: PageToWrite[],
): Promise<number[]> => {
  const merged = mergePages(pages);
  const rejected = pages.map(() => 0);
  for (const [name, pageRows] of merged.tables) {
    const declared = pipeline.destination[name];
    const rows = pageRows.flatMap(({ row, deleted }) => (deleted ? [] : [row]));
    if (declared?.writeMode === 'scd2') {
      await writeDimension(tx, pipeline, name, pageRows);
      continue;
    }
    if (declared?.writeMode === 'fact') {
      const lost = await writeFacts(tx, pipeline, name, pageRows);
      for (const [page, count] of lost) rejected[page] = (rejected[page] ?? 0) + count;
      continue;
    }
    const table = tables[name];
    if (!table || !declared) {
      throw new ContractError(
        `processed page writes table ${name}, which pipeline ${pipeline.name} does not declare`,
        {
          table: name,
        },
      );
    }
    const deletions = pageRows.flatMap(({ row, deleted }) => (deleted ? [row] : []));
    if (deletions.length > 0) await deleteRows(tx, table, name, declared, deletions);
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
  return rejected;
};

/**
 * The pages' tables and replace scopes put together. Two pages replacing the same parent's rows cannot
 * be (the rows of both would stay): the transaction then fails and each page loads alone.
 */
const mergePages = (pages: PageToWrite[]) => {
  const tables = new Map<string, PageRow[]>();
  const tableOf = (name: string) => {
    const rows = tables.get(name) ?? [];
    tables.set(name, rows);
    return rows;
  };
  const replace = new Map<string, ReplaceScope>();
  const parents = new Set<string>();
  for (const [index, { page, url }] of pages.entries()) {
    // Appended in place: copying each table's rows so far for every page made a batch cost its pages
    // squared.
    for (const [name, rows] of Object.entries(page.tables)) {
      const merged = tableOf(name);
      for (const row of rows) merged.push({ row, url, page: index });
    }
    for (const [name, rows] of Object.entries(page.deleted ?? {})) {
      const merged = tableOf(name);
      for (const row of rows) merged.push({ row, url, page: index, deleted: true });
    }
    for (const [name, scope] of Object.entries(page.replace)) {
      for (const key of scope.keys) {
        const id = `${name} ${JSON.stringify(key)}`;
        if (parents.has(id))
          throw new Error(`two pages of the batch replace the ${name} rows of ${JSON.stringify(key)}`);
        parents.add(id);
      }
      const merged = replace.get(name);
      if (merged) for (const key of scope.keys) merged.keys.push(key);
      else replace.set(name, { columns: scope.columns, keys: [...scope.keys] });
    }
  }
  return { tables, replace };
};

/**
 * Deletes the rows of an upsert table the source deleted, by the table's key. An append or replace table
 * holds events or a parent's current children, not one row per source row: nothing there is the deleted
 * row, so it is refused rather than guessed at.
 */
const deleteRows = async (
  tx: Executor,
  table: MySqlTable,
  name: string,
  declared: NonNullable<PipelineDefinition['destination'][string]>,
  rows: Row[],
) => {
  const columns = declared.primaryKey ?? declared.uniqueKey;
  if (declared.writeMode !== 'upsert' || !columns) {
    throw new ContractError(
      `the source deleted rows of ${name}, a ${declared.writeMode} table: only upsert, scd2 and fact tables can follow deletes`,
      { table: name },
    );
  }
  const keys = rows.map((row) => columns.map((column) => row[column] ?? null));
  await replaceChildRows(tx, table, { columns, keys }, []);
};
