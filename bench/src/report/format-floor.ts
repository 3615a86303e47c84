import type { BenchResults } from '../results.ts';
import { dec, int, table } from './format-values.ts';
import type { BenchSummary } from './summarise-results.ts';

const MiB = 1024 * 1024;

/** The floor's parts at N and 4N, and each tool's wall time as a multiple of it. */
export const floorSection = ({ floor, source, scaledSource }: BenchResults, summary: BenchSummary) => {
  const { n, scaled } = floor;
  const fetched = (at: typeof n) => at.fetches[0];
  const multiple = (seconds: number, of: number) =>
    Number.isFinite(seconds) ? `${dec(seconds)} s, ${dec(seconds / of, 1)}× the floor` : '–';
  return [
    '## The floor (N and 4N)',
    '',
    `What no ETL can beat on this machine: (a) every page of the source fetched from the same loopback server, ${floor.concurrency} at a time`,
    "(the extractor's page concurrency), each body read to its end; plus (b) plain mysql2 writing the same rows at its best batch size",
    `(${int(floor.batchSize)} rows a statement, from the ceiling below; at 4N, N's rate applied to 4N's rows).`,
    '',
    table(
      ['', 'N', '4N'],
      [
        [
          '(a) fetch every page',
          `${dec(n.fetchSeconds, 2)} s (${int(source.pages)} pages, ${dec((fetched(n)?.bytes ?? Number.NaN) / MiB)} MiB)`,
          `${dec(scaled.fetchSeconds, 2)} s (${int(scaledSource.pages)} pages, ${dec((fetched(scaled)?.bytes ?? Number.NaN) / MiB)} MiB)`,
        ],
        [
          '(b) write every row',
          `${dec(n.writeSeconds, 2)} s (${int(n.rows)} rows)`,
          `${dec(scaled.writeSeconds, 2)} s (${int(scaled.rows)} rows, at N's rate)`,
        ],
        ['the floor, (a) + (b)', `${dec(n.seconds, 2)} s`, `${dec(scaled.seconds, 2)} s`],
        ['Sluice', multiple(summary.n.seconds, n.seconds), multiple(summary.scaled.seconds, scaled.seconds)],
        ['dlt', multiple(summary.peer?.seconds ?? Number.NaN, n.seconds), 'not run at 4N'],
      ],
    ),
  ];
};
