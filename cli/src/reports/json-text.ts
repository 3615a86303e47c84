/**
 * How every report is printed by `--json` and served by the console's `/api/…`: one function, so the
 * two give the same bytes for the same report.
 */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A refusal the command words itself (it would do something for good without --yes): its lines on
 * stderr for a person, exit code 1, and under `--json` the same text as `{"error": …}` on stdout, as a
 * thrown refusal is printed, so that whoever parses stdout never reads an empty page.
 */
export const printRefusal = (text: string, options: { json?: boolean | undefined }): void => {
  process.stderr.write(`${text}\n`);
  if (options.json) process.stdout.write(jsonText({ error: text }));
  process.exitCode = 1;
};
