import type { DestinationTable } from '@sluice/contracts/pipeline-definition';
import type { SQL } from 'drizzle-orm';
import { compareTypes, type DeclarableType, formatType, parseDeclaredType } from './column-type.ts';
import type { LiveColumn, LiveTable } from './live-table.ts';
import {
  addColumnClause,
  addIndexClause,
  alterTableStatement,
  createTableStatement,
  modifyColumnClause,
} from './table-ddl.ts';

export interface TablePlan {
  create: boolean;
  /** What to run; empty when anything is refused, so a table changes whole or not at all. */
  statements: SQL[];
  /** Changes Sluice will not make by itself, each with what to do instead. */
  refusals: string[];
  /** One readable line a change, and notes on what is kept although no longer declared. */
  changes: string[];
}

type Finding =
  | { kind: 'clause'; clause: SQL; change: string }
  | { kind: 'note'; change: string }
  | { kind: 'refusal'; refusal: string };

const MIGRATE = 'migrate it explicitly with SQL of your own, or revert the YAML';

const nullness = (nullable: boolean) => (nullable ? 'NULL' : 'NOT NULL');
const listOf = (columns: readonly string[]) => (columns.length > 0 ? `(${columns.join(', ')})` : 'none');
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((column, index) => column === b[index]);

const planNewColumn = (
  at: string,
  column: string,
  type: DeclarableType,
  nullable: boolean,
  live: LiveTable,
): Finding => {
  const wanted = `${formatType(type)} ${nullness(nullable)}`;
  if (nullable || !live.hasRows) {
    return {
      kind: 'clause',
      clause: addColumnClause(column, type, nullable),
      change: `${at}: added, ${wanted}`,
    };
  }
  return {
    kind: 'refusal',
    refusal: `${at}: new column ${wanted}, but the table has rows that would have no value for it: declare it nullable, or backfill and migrate explicitly with SQL of your own`,
  };
};

const planExistingColumn = (
  at: string,
  type: DeclarableType,
  nullable: boolean,
  live: LiveColumn,
): Finding[] => {
  const was = `${formatType(live.type)} ${nullness(live.nullable)}`;
  const wanted = `${formatType(type)} ${nullness(nullable)}`;
  const typeChange = compareTypes(live.type, type);
  const refusals: Finding[] = [];
  if (typeChange === 'refused') {
    refusals.push({
      kind: 'refusal',
      refusal: `${at}: ${formatType(live.type)} in the table, ${formatType(type)} declared: only widening is automatic (a narrower or different type could lose or reject data); ${MIGRATE}`,
    });
  }
  if (live.nullable && !nullable) {
    refusals.push({
      kind: 'refusal',
      refusal: `${at}: NULL in the table, NOT NULL declared: rows holding NULL would be rejected; declare it nullable, or backfill and ${MIGRATE}`,
    });
  }
  if (refusals.length > 0) return refusals;
  if (typeChange === 'same' && live.nullable === nullable) return [];
  return [
    {
      kind: 'clause',
      clause: modifyColumnClause(live.name, type, nullable),
      change: `${at}: widened, ${was} → ${wanted}`,
    },
  ];
};

const planUndeclaredColumn = (at: string, live: LiveColumn): Finding =>
  live.nullable || live.hasDefault
    ? { kind: 'note', change: `${at}: kept, no longer written (in the table, not declared)` }
    : {
        kind: 'refusal',
        refusal: `${at}: NOT NULL in the table but no longer declared, so every insert would fail: declare it again, or drop it or make it nullable explicitly with SQL of your own`,
      };

const planColumns = (name: string, declared: DestinationTable, live: LiveTable): Finding[] => {
  const findings: Finding[] = [];
  for (const [column, { type, nullable }] of Object.entries(declared.columns)) {
    const liveColumn = live.columns.find((candidate) => candidate.name === column);
    const at = `${name}.${column}`;
    findings.push(
      ...(liveColumn
        ? planExistingColumn(at, parseDeclaredType(type), nullable, liveColumn)
        : [planNewColumn(at, column, parseDeclaredType(type), nullable, live)]),
    );
  }
  for (const column of live.columns.filter((candidate) => !(candidate.name in declared.columns))) {
    findings.push(planUndeclaredColumn(`${name}.${column.name}`, column));
  }
  return findings;
};

/** Keys decide which rows are the same row: changing one is a migration of its own, never a side effect. */
const planKeys = (name: string, declared: DestinationTable, live: LiveTable): Finding[] => {
  const findings: Finding[] = [];
  const primaryKey = declared.primaryKey ?? [];
  if (!sameList(live.primaryKey, primaryKey)) {
    findings.push({
      kind: 'refusal',
      refusal: `${name}: primary key ${listOf(live.primaryKey)} in the table, ${listOf(primaryKey)} declared: keys are never changed automatically; ${MIGRATE}`,
    });
  }
  const liveUnique = live.indexes.filter((index) => index.unique);
  const declaredUnique = declared.uniqueKey ?? [];
  const matched = liveUnique.find((index) => sameList(index.columns, declaredUnique));
  const unmatched = liveUnique.filter((index) => index !== matched);
  if ((declaredUnique.length > 0 && !matched) || unmatched.length > 0) {
    const inTable =
      liveUnique.length > 0
        ? liveUnique.map((index) => `${index.name} ${listOf(index.columns)}`).join(', ')
        : 'none';
    findings.push({
      kind: 'refusal',
      refusal: `${name}: unique key ${inTable} in the table, ${listOf(declaredUnique)} declared: keys are never changed automatically; ${MIGRATE}`,
    });
  }
  return findings;
};

const planIndexes = (name: string, declared: DestinationTable, live: LiveTable): Finding[] => {
  const findings: Finding[] = [];
  const indexes = Object.entries(declared.indexes ?? {});
  for (const [index, columns] of indexes) {
    const liveIndex = live.indexes.find((candidate) => candidate.name === index);
    if (!liveIndex) {
      findings.push({
        kind: 'clause',
        clause: addIndexClause(index, columns),
        change: `${name}: added index ${index} ${listOf(columns)}`,
      });
    } else if (liveIndex.unique || !sameList(liveIndex.columns, columns)) {
      const was = `${listOf(liveIndex.columns)}${liveIndex.unique ? ' UNIQUE' : ''}`;
      findings.push({
        kind: 'refusal',
        refusal: `${name}: index ${index} is ${was} in the table, ${listOf(columns)} declared: give the new index another name in the YAML, or drop the old one explicitly with SQL of your own`,
      });
    }
  }
  for (const liveIndex of live.indexes.filter((candidate) => !candidate.unique)) {
    if (!indexes.some(([index]) => index === liveIndex.name)) {
      findings.push({
        kind: 'note',
        change: `${name}: index ${liveIndex.name} ${listOf(liveIndex.columns)} kept (in the table, not declared)`,
      });
    }
  }
  return findings;
};

/** Pure: what it takes to bring the live table (null: none yet) to the declaration, additively. */
export const planTableChanges = (
  name: string,
  declared: DestinationTable,
  live: LiveTable | null,
): TablePlan => {
  if (!live) {
    return {
      create: true,
      statements: [createTableStatement(name, declared)],
      refusals: [],
      changes: [`${name}: created`],
    };
  }
  const findings = [
    ...planColumns(name, declared, live),
    ...planKeys(name, declared, live),
    ...planIndexes(name, declared, live),
  ];
  const refusals = findings.flatMap((finding) => (finding.kind === 'refusal' ? [finding.refusal] : []));
  const clauses = findings.flatMap((finding) => (finding.kind === 'clause' ? [finding.clause] : []));
  return {
    create: false,
    statements: refusals.length === 0 && clauses.length > 0 ? [alterTableStatement(name, clauses)] : [],
    refusals,
    changes: findings.flatMap((finding) => (finding.kind === 'refusal' ? [] : [finding.change])),
  };
};
