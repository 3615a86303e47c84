/**
 * The ledger keeps times in UTC as DATETIME(3), which MySQL hands back as `2026-11-25 15:18:41.123`, with
 * no zone. The ledger's readers give them as ISO 8601 with its `Z` (`2026-11-25T15:18:41.123Z`), as every
 * other time Sluice prints is: a reader of `--json` parses one format, and cannot take one for local time.
 */
export const isoTimeOf = (time: string): string => new Date(`${time.replace(' ', 'T')}Z`).toISOString();

/** `isoTimeOf` for a time that may not be there yet (a run not finished). */
export const isoTimeOrNull = (time: string | null): string | null => (time === null ? null : isoTimeOf(time));
