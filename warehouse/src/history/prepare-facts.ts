import { type CanonicalValue, canonicalColumns, HistoryValueError } from './canonical-value.ts';
import type { Fact } from './fact-spec.ts';
import type { Key } from './key-list.ts';

export interface PreparedFact {
  id: string;
  eventAt: string;
  /** In `fact.valueColumns` order. */
  values: CanonicalValue[];
  /** Per lookup (in `fact.lookups` order): the natural key, or null when the fact has none. */
  keys: (Key | null)[];
}

export interface RejectedFact {
  id: string;
  reason: string;
}

/**
 * Canonical values, one row per id (a later row of the batch replaces an earlier one with the same id:
 * arrival order, see README), and the rows no version could ever match: an event before the low date.
 */
export const prepareFacts = (
  fact: Fact,
  rows: Record<string, unknown>[],
): { facts: PreparedFact[]; rejected: RejectedFact[] } => {
  const byId = new Map<string, PreparedFact>();
  for (const row of rows) {
    const values = canonicalColumns(row, fact.valueColumns, fact.table);
    const [id, eventAt] = values;
    if (id == null || eventAt == null) {
      throw new HistoryValueError(
        `${fact.table}: ${fact.idColumn} and ${fact.eventAt} are required (${JSON.stringify(row[fact.idColumn])})`,
      );
    }
    let offset = 2 + fact.measures.length;
    const keys = fact.lookups.map((lookup) => {
      const key = values.slice(offset, offset + lookup.factColumns.length);
      offset += lookup.factColumns.length;
      return key.some((value) => value === null) ? null : key;
    });
    byId.delete(id);
    byId.set(id, { id, eventAt, values, keys });
  }
  const facts: PreparedFact[] = [];
  const rejected: RejectedFact[] = [];
  for (const prepared of byId.values()) {
    const early = fact.lookups.find((lookup) => prepared.eventAt < lookup.dimension.lowDate);
    if (early) {
      rejected.push({
        id: prepared.id,
        reason: `${fact.eventAt} ${prepared.eventAt} is before ${early.dimension.table}'s low date ${early.dimension.lowDate}`,
      });
    } else {
      facts.push(prepared);
    }
  }
  return { facts, rejected };
};
