/**
 * How every report is printed by `--json` and served by the console's `/api/…`: one function, so the
 * two give the same bytes for the same report.
 */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
