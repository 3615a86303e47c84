import { randomBytes } from 'node:crypto';
import { connectToSakila, createSakilaDatabase, recordStatements, type StatementLog } from '@sluice/fixtures';
import type { Connection } from 'mysql2/promise';

export interface BenchSakilaSource {
  database: string;
  /** The user the pipeline reads as, who may only read: its statements are the general log's with its name. */
  user: string;
  /** `mysql://<user>:<password>@…/<database>`, for the pipeline's `${SAKILA_DATABASE_URL}`. */
  url: string;
  /** A root session on the database, in UTC, values as text: to apply a day and to read the log. */
  admin: Connection;
  /** Rows of each table as created. */
  rows: Record<string, number>;
  /** The statements the user sent, from the server's general log, on from the source's creation. */
  statements: StatementLog['statements'];
  /** Puts the general log back, drops the database and the user, closes the session; once only. */
  drop: () => Promise<void>;
}

/** Sources not dropped yet: what an interrupted bench must still drop. */
const open = new Set<BenchSakilaSource>();

/**
 * The Sakila sample at `customers` (20 rentals and about as many payments each), in a database of the
 * bench's own on the warehouse's server, with a read-only user of its own for the services.
 */
export const createBenchSakilaSource = async (
  databaseServer: string,
  options: { customers: number; seed: number },
): Promise<BenchSakilaSource> => {
  const suffix = randomBytes(3).toString('hex');
  const database = `sluice_bench_sakila_${suffix}`;
  const user = `sluice_bench_src_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const admin = await connectToSakila(databaseServer);
  let log: StatementLog | undefined;
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= (async () => {
      try {
        await log?.restore();
      } finally {
        try {
          await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
          await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
        } finally {
          await admin.end();
        }
      }
    })().finally(() => open.delete(source));
    return dropped;
  };
  const url = new URL(databaseServer);
  url.username = user;
  url.password = password;
  url.pathname = `/${database}`;
  const statements = () => (log ? log.statements() : Promise.resolve([]));
  const source: BenchSakilaSource = {
    database,
    user,
    url: url.toString(),
    admin,
    rows: {},
    statements,
    drop,
  };
  open.add(source);
  try {
    const created = await createSakilaDatabase(admin, { database, ...options });
    source.rows = created.rows;
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${user}'@'%'`);
    // On only once the rows are in: the log is the server's, and its inserts would only swell it.
    log = await recordStatements(admin, user);
    return source;
  } catch (error) {
    await drop();
    throw error;
  }
};

/** Drops every source still open, for a bench stopped by a signal. */
export const dropOpenSakilaSources = async (): Promise<void> => {
  await Promise.allSettled([...open].map((source) => source.drop()));
};
