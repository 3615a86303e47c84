import { randomBytes } from 'node:crypto';
import { type Connection, createConnection } from 'mysql2/promise';
import { TEST_DATABASE_SERVER } from './test-env.ts';

export interface SourceDatabase {
  name: string;
  /** The user the pipeline reads as: its statements are the ones in the general log with its name. */
  user: string;
  /** `mysql://<user>:<password>@…/<name>`, for the pipeline's connection variable. */
  url: string;
  /** A root session on the database, in `timezone`, reading values as text (as the extractor does). */
  admin: Connection;
  /** Drops the database and the user. */
  drop: () => Promise<void>;
}

/**
 * An operational database of one flow's own (`sluice_test_<label>_<random>`), with a user of its own who
 * may only read it, and a root session in the source's time zone to shape its data.
 */
export const createSourceDatabase = async (label: string, timezone: string): Promise<SourceDatabase> => {
  const suffix = randomBytes(3).toString('hex');
  const name = `sluice_test_${label}_${suffix}`;
  const user = `sluice_src_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const server = new URL(TEST_DATABASE_SERVER);
  const admin = await createConnection({
    uri: server.toString(),
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: true,
  });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  await admin.query(`GRANT SELECT ON \`${name}\`.* TO '${user}'@'%'`);
  await admin.query(`USE \`${name}\``);
  await admin.query('SET time_zone = ?', [timezone]);
  const url = new URL(server);
  url.username = user;
  url.password = password;
  url.pathname = `/${name}`;
  return {
    name,
    user,
    url: url.toString(),
    admin,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.end();
    },
  };
};
