/**
 * How a report reads one of its sources: directly (the console, which answers at once and shows an
 * outage as an error page), or riding out an outage (`sluice status` in a terminal).
 */
export type ReadGuard = <T>(what: string, read: () => Promise<T>) => Promise<T>;

export const readDirectly: ReadGuard = (_what, read) => read();
