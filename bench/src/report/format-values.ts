import type { Machine } from './describe-machine.ts';

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

/**
 * Where and when a report's figures were taken, for its head: `Measured <date> UTC on <machine>. Load average
 * (1 min) <x> at the start, <y> at the end`, without a full stop (the full report goes on after it).
 */
export const measuredOn = (machine: Machine, loadAtEnd: number): string =>
  `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ` +
  `Node ${machine.node}, MariaDB ${machine.mariadb}, LocalStack ${machine.localstack}. ` +
  `Load average (1 min) ${dec(machine.loadAtStart, 2)} at the start, ${dec(loadAtEnd, 2)} at the end`;
