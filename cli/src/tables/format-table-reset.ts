import type { TableResetPlan, TableResetResult } from '@sluice/warehouse';

/** What a reset will do, said before it is done: in the refusal without --yes, and above the question. */
export const describeTableReset = (plan: TableResetPlan, warehouse: string): string => {
  const lines = [
    `tables reset ${plan.pipeline} drops, in the warehouse ${warehouse}: ${plan.drops.join(', ')}`,
    `forgets the cursors and page hashes of ${plan.resources.join(', ') || 'no resource'}, so the next run reads everything,`,
    'and creates the tables again, empty, from the pipeline file as it is now.',
  ];
  return lines.join('\n');
};

/** Why nothing was done: no --yes, and no terminal to ask on. */
export const formatResetRefusal = (plan: TableResetPlan, warehouse: string): string =>
  `Not resetting without --yes (stdin is not a terminal to ask on):\n${describeTableReset(plan, warehouse)}\nRerun with --yes to reset.`;

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;

/** What was done, in three lines. */
export const formatResetResult = (
  plan: TableResetPlan,
  result: TableResetResult & { stateObjects: readonly string[] },
  where: { warehouse: string; bucket: string },
): string =>
  [
    result.dropped.length > 0
      ? `Dropped ${result.dropped.join(', ')} from ${where.warehouse}`
      : `Nothing to drop in ${where.warehouse}: the tables did not exist`,
    `Forgot ${plural(result.cursors, 'cursor')} and ${plural(result.pageStates, 'page hash', 'page hashes')} (sluice_cursors, sluice_page_state) and ${plural(result.stateObjects.length, 'state object')} under s3://${where.bucket}/state/${plan.pipeline}/`,
    `Created again, empty: ${result.created.join(', ') || 'none'}; the next run of ${plan.pipeline} reads everything`,
  ].join('\n');
