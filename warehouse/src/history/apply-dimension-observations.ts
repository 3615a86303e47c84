import type { Executor } from '../upsert.ts';
import { countVersionChanges, type DimensionCounts } from './count-version-changes.ts';
import { type DimensionSpec, dimensionOf } from './dimension-spec.ts';
import { type FactSpec, factOf } from './fact-spec.ts';
import { chunksOf, distinctKeys, KEY_CHUNK_SIZE, type Key } from './key-list.ts';
import { readVersions } from './read-versions.ts';
import { reconcileVersions } from './reconcile-versions.ts';
import { changeRowOf, type Observation, recordChanges } from './record-observations.ts';
import { repointFactsOfKeys } from './repoint-facts.ts';

export interface ApplyDimensionOptions {
  /** Fact tables pointing into this dimension: their facts of the touched keys are re-pointed in the same transaction. */
  dependentFacts?: FactSpec[];
}

export interface DimensionResult extends DimensionCounts {
  /** The natural keys the batch touched, canonical, sorted. */
  touchedKeys: Key[];
}

const addCounts = (total: DimensionCounts, more: DimensionCounts) => {
  for (const name of Object.keys(total) as (keyof DimensionCounts)[]) total[name] += more[name];
};

/**
 * Records a batch of observations in the change table, then recomputes the versions of the keys it
 * touched from their whole history and makes the dimension match, all in one transaction (a savepoint if
 * `executor` is one already). Replays and late batches end where an in-order load would.
 */
export const applyDimensionObservations = async (
  executor: Executor,
  spec: DimensionSpec,
  observations: Observation[],
  options: ApplyDimensionOptions = {},
): Promise<DimensionResult> => {
  const dimension = dimensionOf(spec);
  // Every observation is checked before anything is written.
  const changes = observations.map((observation) => changeRowOf(dimension, observation));
  // Sorted, so two loads of overlapping keys lock them in the same order.
  const keys = distinctKeys(changes.map((change) => change.key)).sort((a, b) =>
    JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
  );
  const dependents = (options.dependentFacts ?? []).flatMap((factSpec) => {
    const fact = factOf(factSpec);
    return fact.lookups
      .filter((lookup) => lookup.dimension.table === dimension.table)
      .map((lookup) => ({ fact, lookup }));
  });
  const total: DimensionResult = {
    versionsOpened: 0,
    versionsClosed: 0,
    versionsRemoved: 0,
    inPlaceUpdates: 0,
    inferredFilled: 0,
    retired: 0,
    unchanged: 0,
    touchedKeys: keys,
  };
  if (keys.length === 0) return total;
  await executor.transaction(async (tx) => {
    await recordChanges(tx, dimension, changes);
    for (const chunk of chunksOf(keys, KEY_CHUNK_SIZE)) {
      const before = await readVersions(tx, dimension, chunk, true);
      await reconcileVersions(tx, dimension, chunk);
      addCounts(
        total,
        countVersionChanges(before, await readVersions(tx, dimension, chunk, false), chunk.length),
      );
      for (const { fact, lookup } of dependents) await repointFactsOfKeys(tx, fact, lookup, chunk);
    }
  });
  return total;
};
