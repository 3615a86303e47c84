import { ContractError } from '@sluice/contracts';
import type { PipelineDefinition, ResourceTransform } from '@sluice/contracts/pipeline-definition';
import type { RejectedRecord, Row, SqlValue } from './page-rows.ts';

/** The key a table's rows are found by: a dimension's natural key, a fact's id, a table's own key. */
const keyColumnsOf = (pipeline: PipelineDefinition, table: string): string[] => {
  const declared = pipeline.destination[table];
  if (!declared) return [];
  if (declared.writeMode === 'scd2' && declared.scd2) return declared.scd2.naturalKey;
  if (declared.writeMode === 'fact' && declared.fact) return [declared.fact.id];
  return declared.primaryKey ?? declared.uniqueKey ?? [];
};

const valueAt = (record: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], record);

/**
 * Rows the source deleted, as the keys of the resource's table: all a deletion needs (a dimension retires
 * the key, a fact or a table deletes its row). Only the key is read, so a deletion found by a key scan,
 * which knows nothing else of the row, is mapped the same as one found by comparing whole snapshots; a
 * record without its key is rejected, saying which.
 */
export const compileDeletedRows = (pipeline: PipelineDefinition, resource: string) => {
  const declared = pipeline.transform[resource];
  if (!declared || !('table' in declared) || typeof declared.table !== 'string') {
    throw new ContractError(
      `the source deleted rows of ${resource}, whose transform is a module: deletes need a table mapping`,
      { resource },
    );
  }
  const transform = declared as Extract<ResourceTransform, { table: string }>;
  const columns = keyColumnsOf(pipeline, transform.table).map((column) => ({
    column,
    from: transform.columns[column]?.from ?? column,
  }));
  if (columns.length === 0) {
    throw new ContractError(
      `the source deleted rows of ${resource}, but ${transform.table} has no key to find them by`,
      { resource, table: transform.table },
    );
  }
  return (records: unknown[]): { table: string; rows: Row[]; rejected: RejectedRecord[] } => {
    const rows: Row[] = [];
    const rejected: RejectedRecord[] = [];
    records.forEach((record, index) => {
      const row: Row = {};
      for (const { column, from } of columns) {
        const value = valueAt(record, from);
        if (typeof value !== 'string' && typeof value !== 'number') {
          rejected.push({ index, reason: `a deleted row without its key ${column} (from ${from})`, record });
          return;
        }
        row[column] = value as SqlValue;
      }
      rows.push(row);
    });
    return { table: transform.table, rows, rejected };
  };
};
