import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../upsert.ts';
import { type Lookup, UNKNOWN_MEMBER_SK } from './fact-spec.ts';
import { columnsMatch, qualified } from './identifiers.ts';
import type { Key } from './key-list.ts';
import { keyIn } from './key-list.ts';

/**
 * The version a fact belongs to: the newest that started at or before its event. That is the version
 * valid at the event (valid_from <= event < valid_to) whenever one is; after a retirement, when none is,
 * it is the retired version, the last the source had. No row at all: the unknown member.
 */
export const versionAtEvent = (lookup: Lookup, eventAt: string): SQL =>
  sql`coalesce((select ${qualified('d', lookup.dimension.surrogateKey)} from ${sql.identifier(lookup.dimension.table)} d
      where ${columnsMatch('d', 'f', lookup.dimension.keyColumns, lookup.factColumns)} and d.valid_from <= ${qualified('f', eventAt)}
      order by d.valid_from desc limit 1), ${UNKNOWN_MEMBER_SK})`;

/** Points the facts chosen by `where` at their versions, in one UPDATE. */
export const repointStatement = (table: string, eventAt: string, lookup: Lookup, where: SQL): SQL =>
  sql`update ${sql.identifier(table)} f set ${qualified('f', lookup.skColumn)} = ${versionAtEvent(lookup, eventAt)} where ${where}`;

/** After a dimension's versions changed: the facts of the touched keys, whatever their event time. */
export const repointFactsOfKeys = async (
  tx: Executor,
  fact: { table: string; eventAt: string },
  lookup: Lookup,
  keys: Key[],
): Promise<void> => {
  await tx.execute(repointStatement(fact.table, fact.eventAt, lookup, keyIn('f', lookup.factColumns, keys)));
};
