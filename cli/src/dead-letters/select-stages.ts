import { STAGES, type Stage } from '@sluice/contracts';

/** The stages a `sluice dlq` argument names: one stage, or `all` for every stage in flow order. */
export const selectStages = (argument: string): Stage[] => {
  if (argument === 'all') return [...STAGES];
  const stage = STAGES.find((candidate) => candidate === argument);
  if (!stage) throw new Error(`unknown stage ${argument}; expected ${STAGES.join(', ')} or all`);
  return [stage];
};
