/** How the report and the summary write numbers and tables; a figure that is not a number is a dash. */
export const int = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
export const dec = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
export const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–');

/** A Markdown table. */
export const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
