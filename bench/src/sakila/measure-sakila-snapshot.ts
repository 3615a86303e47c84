import { join } from 'node:path';
import { pipelineNamed } from '@sluice/cli';
import { advanceDay } from '@sluice/fixtures';
import { assertCounts } from '../assert-counts.ts';
import { createBenchDeployment } from '../sluice/bench-deployment.ts';
import { createBenchSakilaSource } from './bench-sakila-source.ts';
import { measureSnapshotRun, type SnapshotChanges, type SnapshotRunFigures } from './measure-snapshot-run.ts';

// The shipped pipeline's payment resource: snapshot_diff, so a run after the first compares every page
// with the last complete snapshot, and a voided payment is seen as deleted.
const RESOURCE = 'payment';
const TABLE = 'payment';

export interface SakilaSnapshotSize {
  customers: number;
  /** Rows of the table when the first run read it (about 20 a customer). */
  tableRows: number;
  /** What the simulated day between the two runs changed in the table, by its change log. */
  dayChanges: SnapshotChanges;
  /** The first snapshot: nothing to compare with, every row goes on to the loader. */
  first: SnapshotRunFigures;
  /** The next day's: every row read again and compared with the first; only the changes go on. */
  diff: SnapshotRunFigures;
  /** The services' statements in the source's general log, both runs: page queries, and any OFFSET. */
  statements: { pageQueries: number; withOffset: number };
}

export interface SakilaSnapshotFigures {
  table: string;
  seed: number;
  sizes: SakilaSnapshotSize[];
}

/** The rows a day changed, as a snapshot comparison counts them (each changed key in one list). */
const changesOf = (day: Awaited<ReturnType<typeof advanceDay>>): SnapshotChanges => {
  const log = day.tables[TABLE];
  return {
    inserted: log.inserted.length,
    updated: log.updatedTracked.length + log.updatedUntracked.length + log.updatedWithoutLastUpdate.length,
    deleted: log.deleted.length,
  };
};

const measureSize = async (
  customers: number,
  options: { databaseServer: string; seed: number; logRoot: string; say: (line: string) => void },
): Promise<SakilaSnapshotSize> => {
  options.say(`Sakila snapshot: creating the sample at ${customers.toLocaleString('en-US')} customers`);
  const source = await createBenchSakilaSource(options.databaseServer, { customers, seed: options.seed });
  const deployment = await createBenchDeployment('snap');
  try {
    const pipeline = await pipelineNamed(deployment.env, 'sakila');
    const tableRows = source.rows[TABLE] ?? 0;
    const run = (label: string) => {
      options.say(`Sakila snapshot: ${label}, ${TABLE} (${tableRows.toLocaleString('en-US')} rows)`);
      return measureSnapshotRun(deployment, pipeline, {
        resource: RESOURCE,
        table: TABLE,
        sourceEnv: { SAKILA_DATABASE_URL: source.url },
        logDir: join(options.logRoot, deployment.env.SLUICE_PREFIX),
        // Generous, for a slow machine: 10 ms a row is a tenth of what a run here takes.
        timeoutMs: Math.max(10 * 60_000, tableRows * 10),
        say: options.say,
      });
    };
    const first = await run('first run');
    const dayChanges = changesOf(await advanceDay(source.admin, { seed: options.seed, day: 1 }));
    const diff = await run('next day, compared with the first');
    // Figures of a comparison that missed or invented changes would be meaningless.
    assertCounts(`run ${diff.runId} did not find the day's changes`, { ...diff.changes }, { ...dayChanges });
    const statements = await source.statements();
    const pageQueries = statements.filter((sql) => /^SELECT .* FROM `payment`/s.test(sql)).length;
    const withOffset = statements.filter((sql) => /\bOFFSET\b/i.test(sql)).length;
    if (withOffset > 0 || pageQueries < first.pages + diff.pages) {
      throw new Error(
        `the snapshots of ${TABLE} were not read by key alone: ${withOffset} statements with OFFSET, ` +
          `${pageQueries} page queries in the general log for ${first.pages + diff.pages} pages`,
      );
    }
    return { customers, tableRows, dayChanges, first, diff, statements: { pageQueries, withOffset } };
  } finally {
    await deployment.destroy();
    await source.drop();
  }
};

/**
 * The shipped sakila pipeline's payment table snapshotted by the real services, twice: a first snapshot,
 * then, after a simulated day, one compared with it (the diff path). Each size is a source, a deployment
 * and services of its own; a smaller size first shows how memory grows, or does not, with the table.
 */
export const measureSakilaSnapshot = async (
  sizes: number[],
  options: { databaseServer: string; seed: number; logRoot: string; say: (line: string) => void },
): Promise<SakilaSnapshotFigures> => {
  const measured: SakilaSnapshotSize[] = [];
  for (const customers of sizes) measured.push(await measureSize(customers, options));
  return { table: TABLE, seed: options.seed, sizes: measured };
};
