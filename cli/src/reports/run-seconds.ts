/**
 * How long a run took, from its request to its end (ISO times, as the ledger's readers give them), to a
 * tenth of a second; null while it has not ended. One rule for `runs`, `status` and the console.
 */
export const runSecondsOf = (run: { requestedAt: string; finishedAt: string | null }): number | null =>
  run.finishedAt === null
    ? null
    : Math.round((Date.parse(run.finishedAt) - Date.parse(run.requestedAt)) / 100) / 10;
