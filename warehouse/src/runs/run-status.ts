/** Where a run is; see sluiceRuns.status. */
export const RUN_STATUSES = ['running', 'failing', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these has ended: nothing of it is left to wait for. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

export const isFinalStatus = (status: string): boolean => FINAL_STATUSES.has(status);
