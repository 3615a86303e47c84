import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import { canonicalValue } from './canonical-value.ts';
import { type Fact, type FactSpec, factOf, type Lookup } from './fact-spec.ts';
import { columnList, qualified } from './identifiers.ts';
import { chunksOf, distinctKeys, KEY_CHUNK_SIZE, type Key } from './key-list.ts';
import { type PreparedFact, prepareFacts, type RejectedFact } from './prepare-facts.ts';
import { affectedRowsOf, rowsOf } from './query-rows.ts';
import { repointStatement } from './repoint-facts.ts';
import { findMissingMembers, inferMembers } from './resolve-members.ts';

export interface FactResult {
  inserted: number;
  updated: number;
  unchanged: number;
  inferredMembers: number;
  rejected: RejectedFact[];
}

const idsIn = (fact: Fact, facts: PreparedFact[]): SQL =>
  sql`${qualified('f', fact.idColumn)} in (${sql.join(
    facts.map((prepared) => sql`${prepared.id}`),
    sql`, `,
  )})`;

/** Infers the members the policy wants inferred; returns how many, and rejects what it wants rejected. */
const resolveLookup = async (
  tx: Executor,
  lookup: Lookup,
  index: number,
  facts: PreparedFact[],
  rejected: RejectedFact[],
) => {
  const keys = distinctKeys(
    facts.flatMap((prepared) => (prepared.keys[index] ? [prepared.keys[index]] : [])),
  );
  const missing = keys.length > 0 ? await findMissingMembers(tx, lookup.dimension, keys) : new Set<string>();
  if (lookup.missing === 'infer') {
    return inferMembers(
      tx,
      lookup.dimension,
      keys.filter((key) => missing.has(JSON.stringify(key))),
    );
  }
  if (lookup.missing === 'reject') {
    for (const prepared of facts) {
      const key: Key | null | undefined = prepared.keys[index];
      if (!key || missing.has(JSON.stringify(key))) {
        const where = lookup.factColumns
          .map((column, i) => `${column}=${JSON.stringify(key?.[i] ?? null)}`)
          .join(', ');
        rejected.push({ id: prepared.id, reason: `no ${lookup.dimension.table} member for ${where}` });
      }
    }
  }
  return 0;
};

/** The stored rows of these ids, canonical, to tell inserts, updates and replays apart. */
const readStored = async (tx: Executor, fact: Fact, facts: PreparedFact[]): Promise<Map<string, string>> => {
  const stored = new Map<string, string>();
  for (const chunk of chunksOf(facts, KEY_CHUNK_SIZE)) {
    const columns = fact.valueColumns.map(([name]) => name);
    const rows = await rowsOf<Record<string, unknown>>(
      tx,
      sql`select ${columnList(columns, 'f')} from ${sql.identifier(fact.table)} f where ${idsIn(fact, chunk)}`,
    );
    for (const row of rows) {
      const values = fact.valueColumns.map(([name, type]) => canonicalValue(row[name], type));
      stored.set(String(values[0]), JSON.stringify(values));
    }
  }
  return stored;
};

const upsertFactsStatement = (fact: Fact, facts: PreparedFact[]): SQL => {
  const columns = fact.valueColumns.map(([name]) => name);
  const rows = facts.map(
    (prepared) =>
      sql`(${sql.join(
        prepared.values.map((value) => sql`${value}`),
        sql`, `,
      )})`,
  );
  const updates = columns
    .slice(1)
    .map((column) => sql`${sql.identifier(column)} = values(${sql.identifier(column)})`);
  return sql`insert into ${sql.identifier(fact.table)} (${columnList(columns)}) values ${sql.join(rows, sql`, `)}
    on duplicate key update ${sql.join(updates, sql`, `)}`;
};

/**
 * Upserts facts by id and points each at the dimension version valid at its event time, set-based: the
 * missing members first (inferred, unknown or rejected as the lookup says), then one upsert and one
 * UPDATE per lookup and chunk, in one transaction.
 */
export const applyFacts = async (
  executor: Executor,
  spec: FactSpec,
  rows: Record<string, unknown>[],
): Promise<FactResult> => {
  const fact = factOf(spec);
  const { facts, rejected } = prepareFacts(fact, rows);
  const result: FactResult = { inserted: 0, updated: 0, unchanged: 0, inferredMembers: 0, rejected };
  await executor.transaction(async (tx) => {
    for (const [index, lookup] of fact.lookups.entries()) {
      result.inferredMembers += await resolveLookup(tx, lookup, index, facts, rejected);
    }
    const refused = new Set(rejected.map((rejection) => rejection.id));
    const accepted = facts.filter((prepared) => !refused.has(prepared.id));
    const stored = await readStored(tx, fact, accepted);
    for (const prepared of accepted) {
      const before = stored.get(prepared.id);
      if (before === undefined) result.inserted += 1;
      else if (before === JSON.stringify(prepared.values)) result.unchanged += 1;
      else result.updated += 1;
    }
    for (const chunk of chunksOf(accepted, KEY_CHUNK_SIZE)) {
      await tx.execute(upsertFactsStatement(fact, chunk));
      for (const lookup of fact.lookups)
        await tx.execute(repointStatement(fact.table, fact.eventAt, lookup, idsIn(fact, chunk)));
    }
  });
  return result;
};

/**
 * Deletes the facts of these ids (rows the source deleted); returns how many were there. A fact deleted
 * twice, or never loaded, deletes nothing: a replay changes nothing.
 */
export const deleteFacts = async (
  executor: Executor,
  spec: FactSpec,
  rows: Record<string, unknown>[],
): Promise<number> => {
  const fact = factOf(spec);
  const ids = [...new Set(rows.map((row) => canonicalValue(row[fact.idColumn], fact.idType)))];
  let deleted = 0;
  for (const chunk of chunksOf(ids, KEY_CHUNK_SIZE)) {
    const idList = sql.join(
      chunk.map((id) => sql`${id}`),
      sql`, `,
    );
    deleted += await affectedRowsOf(
      executor,
      sql`delete from ${sql.identifier(fact.table)} where ${sql.identifier(fact.idColumn)} in (${idList})`,
    );
  }
  return deleted;
};
