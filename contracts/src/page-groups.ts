/** What a page is known by in a run: enough to tell which pages may share a staged object. */
export interface PageOfRun {
  pipeline: string;
  resource: string;
  runId: string;
  page: number;
}

/**
 * Splits pages handled together into the groups that share a staged object: pages of the same pipeline,
 * resource and run, in the order they came. A page that comes twice (a message delivered twice in one
 * batch) goes to a second group, so that an object never holds two versions of a page.
 */
export const groupPagesOfRun = <T>(items: readonly T[], pageOf: (item: T) => PageOfRun): T[][] => {
  const groups: { run: PageOfRun; pages: Set<number>; items: T[] }[] = [];
  for (const item of items) {
    const page = pageOf(item);
    const group = groups.find(
      ({ run, pages }) =>
        run.pipeline === page.pipeline &&
        run.resource === page.resource &&
        run.runId === page.runId &&
        !pages.has(page.page),
    );
    if (group) {
      group.pages.add(page.page);
      group.items.push(item);
    } else groups.push({ run: page, pages: new Set([page.page]), items: [item] });
  }
  return groups.map(({ items: members }) => members);
};

/**
 * Writes the items in the groups of groupPagesOfRun, `write` once per group, all groups at once; each item
 * maps to its group's outcome, which it awaits to learn where it went.
 */
export const writeInGroupsOfRun = <T, R>(
  items: readonly T[],
  pageOf: (item: T) => PageOfRun,
  write: (group: T[]) => Promise<R>,
): Map<T, Promise<R>> => {
  const outcomes = new Map<T, Promise<R>>();
  for (const group of groupPagesOfRun(items, pageOf)) {
    const written = write(group);
    for (const item of group) outcomes.set(item, written);
  }
  return outcomes;
};
