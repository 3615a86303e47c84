import type { PageTransformed } from '@sluice/contracts';

/**
 * The rows one transaction holds at most, as the messages count them. What a loader holds at once is
 * then bounded by this and not by its batch: 50 pages of 1,000 database rows, in each of two consumers,
 * were 100,000 rows in memory, past the pollers' heap (the Sakila snapshot at 10,000 customers).
 */
export const ROWS_PER_TRANSACTION = 20_000;

const rowsOf = (message: PageTransformed): number =>
  Object.values(message.rows).reduce((sum, rows) => sum + rows, 0);

/**
 * A pipeline's pages in the groups that load one transaction each, in turn: whole processed objects
 * (an object is read and parsed once, so its pages stay together), as many as fit in `maxRows`, and
 * an object larger than that alone. Pages of small rows still load many objects a transaction.
 */
export const transactionGroups = (
  messages: readonly PageTransformed[],
  maxRows = ROWS_PER_TRANSACTION,
): PageTransformed[][] => {
  const groups: PageTransformed[][] = [];
  let group: PageTransformed[] = [];
  let rows = 0;
  for (const pages of Map.groupBy(messages, (message) => message.processedKey).values()) {
    const objectRows = pages.reduce((sum, page) => sum + rowsOf(page), 0);
    if (group.length > 0 && rows + objectRows > maxRows) {
      groups.push(group);
      group = [];
      rows = 0;
    }
    group.push(...pages);
    rows += objectRows;
  }
  if (group.length > 0) groups.push(group);
  return groups;
};
