import {
  advanceDay,
  connectToSakila,
  countChanges,
  createSakilaDatabase,
  type DayChangeLog,
  type InsertProgress,
  readLatestDay,
} from '@sluice/fixtures';
import { readEnv } from '@sluice/runtime';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import * as z from 'zod';
import { jsonText } from '../reports/json-text.ts';
import { textTable } from '../text-table.ts';

/** The sample source database: separate from the warehouse, as an operational database would be. */
export const DEFAULT_SAKILA_DATABASE_URL = 'mysql://root@127.0.0.1:3306/sakila_source';

const SampleEnvSchema = z.object({
  SAKILA_DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'a mysql:// URL')
    .default(DEFAULT_SAKILA_DATABASE_URL),
});

/** The URL with `--database` as its database, or the one it names (sakila_source when it names none). */
export const sakilaUrlOf = (url: string, database?: string) => {
  const parsed = new URL(url);
  const name = database ?? (parsed.pathname.replace(/^\//, '') || 'sakila_source');
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), databaseUrl: new URL(name, parsed).toString(), database: name };
};

const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('a positive integer');
  return number;
};

const integer = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('an integer');
  return number;
};

const print = (text: string) => process.stdout.write(`${text}\n`);

/** A bar per table on a terminal; elsewhere a line per table when it is done, and every 2 s in between. */
const insertProgress = (stream: NodeJS.WriteStream = process.stderr) => {
  let bar: SingleBar | null = null;
  let latest: InsertProgress | null = null;
  let printedAt = 0;
  const printLine = (progress: InsertProgress) => {
    printedAt = Date.now();
    const of = progress.total === null ? '' : `/${progress.total}`;
    stream.write(`  ${progress.table}: ${progress.rows}${of} rows\n`);
  };
  const finish = () => {
    bar?.stop();
    if (!bar && latest) printLine(latest);
    bar = null;
    latest = null;
  };
  const update = (progress: InsertProgress) => {
    if (progress.table !== latest?.table) {
      finish();
      bar = stream.isTTY
        ? new SingleBar({
            stream,
            format: ` ${progress.table.padEnd(9)} |{bar}| {value}/{total} rows`,
            hideCursor: true,
          })
        : null;
      bar?.start(progress.total ?? progress.rows, 0);
    }
    latest = progress;
    if (bar) {
      if (progress.total === null) bar.setTotal(progress.rows);
      bar.update(progress.rows);
    } else if (Date.now() - printedAt >= 2_000) printLine(progress);
  };
  return { update, finish };
};

const NOTES = {
  reinserted: 're-inserted',
  reverted: 'changed back',
  atUpperBound: 'at the upper bound',
  lateArriving: 'late-arriving',
} as const;

/** The keys worth a test of their own, e.g. "customer: 10 re-inserted, 3 at the upper bound". */
const describeNotes = (log: DayChangeLog) =>
  Object.entries(log.tables)
    .map(([table, changes]) => {
      const notes = Object.entries(NOTES)
        .filter(([note]) => changes[note as keyof typeof NOTES].length > 0)
        .map(([note, label]) => `${changes[note as keyof typeof NOTES].length} ${label}`);
      return notes.length > 0 ? `${table}: ${notes.join(', ')}` : '';
    })
    .filter(Boolean)
    .join('; ');

const createAction = async (options: {
  customers: number;
  seed: number;
  database?: string;
  replace?: boolean;
}) => {
  const { serverUrl, database } = sakilaUrlOf(readEnv(SampleEnvSchema).SAKILA_DATABASE_URL, options.database);
  const db = await connectToSakila(serverUrl);
  const progress = insertProgress();
  try {
    print(`Creating ${database}: ${options.customers} customers, seed ${options.seed}`);
    const result = await createSakilaDatabase(db, {
      database,
      customers: options.customers,
      seed: options.seed,
      replace: options.replace ?? false,
      onProgress: progress.update,
    });
    progress.finish();
    print(
      textTable([
        ['table', 'rows'],
        ...Object.entries(result.rows).map(([table, rows]) => [table, String(rows)]),
      ]),
    );
    print(
      `Created ${database} in ${result.seconds.toFixed(1)} s (day 0). Next: npx sluice sample sakila advance-day`,
    );
  } finally {
    progress.finish();
    await db.end();
  }
};

const advanceAction = async (options: {
  seed?: number;
  database?: string;
  upperBound?: string;
  json?: boolean;
}) => {
  const { databaseUrl, database } = sakilaUrlOf(
    readEnv(SampleEnvSchema).SAKILA_DATABASE_URL,
    options.database,
  );
  const db = await connectToSakila(databaseUrl);
  try {
    const started = performance.now();
    const latest = await readLatestDay(db);
    const seed = options.seed ?? latest.seed;
    const log = await advanceDay(db, {
      seed,
      day: latest.day + 1,
      ...(options.upperBound ? { upperBound: options.upperBound } : {}),
    });
    if (options.json) {
      process.stdout.write(jsonText(log));
      return;
    }
    const header = ['table', 'inserted', 'tracked', 'untracked', 'without last_update', 'deleted'];
    const rows = Object.entries(countChanges(log)).map(([table, count]) =>
      [
        table,
        count.inserted,
        count.updatedTracked,
        count.updatedUntracked,
        count.updatedWithoutLastUpdate,
        count.deleted,
      ].map(String),
    );
    print(`Day ${log.day} of ${database} (seed ${seed}):`);
    print(textTable([header, ...rows]));
    print(`  of which ${describeNotes(log)}`);
    print(`Applied in ${((performance.now() - started) / 1000).toFixed(1)} s. --json prints every key.`);
  } finally {
    await db.end();
  }
};

/** `sluice sample sakila create | advance-day`: the sample operational database, on SAKILA_DATABASE_URL. */
export const createSampleCommand = () => {
  const sakila = new Command('sakila').description(
    'a Sakila-shaped operational database (SAKILA_DATABASE_URL, default mysql://root@127.0.0.1:3306/sakila_source)',
  );
  sakila
    .command('create')
    .description('create the database and fill it from a seed: the same seed and size give the same rows')
    .option(
      '--customers <n>',
      'customers; films, inventory, rentals (20 each) and payments follow',
      positiveInteger,
      1_000,
    )
    .option('--seed <s>', 'the seed of every generated value', integer, 1)
    .option('--database <name>', 'the database to create (default: the one SAKILA_DATABASE_URL names)')
    .option('--replace', 'drop the database first if it exists')
    .action(createAction);
  sakila
    .command('advance-day')
    .description('apply the next simulated day of changes and print them per table')
    .option('--seed <s>', "the day's seed (default: the seed the database was created with)", integer)
    .option('--database <name>', 'the sample database (default: the one SAKILA_DATABASE_URL names)')
    .option('--upper-bound <timestamp>', "a previous run's upper bound (UTC): a few rows land in its second")
    .option('--json', 'print the change log, every key')
    .action(advanceAction);
  return new Command('sample').description('sample source databases that run offline').addCommand(sakila);
};
