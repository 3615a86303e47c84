import { ConfigError } from '@sluice/runtime';
import * as z from 'zod';

/** What a DATABASE_URL looks like: said whenever one is refused. */
export const DATABASE_URL_FORM =
  'mysql://user:password@host:3306/database, e.g. mysql://root@127.0.0.1:3306/sluice';

/**
 * The database named by the URL's path. Every consumer of DATABASE_URL goes through here (the env
 * schemas through DatabaseUrlSchema, connections through withDatabase), so a URL that names no database
 * is refused in one place rather than given one by default. No message repeats the URL: it may hold a
 * password.
 */
export const databaseNameOf = (databaseUrl: string): string => {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a URL (expected ${DATABASE_URL_FORM})`);
  }
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (name === '') throw new ConfigError(`DATABASE_URL names no database (expected ${DATABASE_URL_FORM})`);
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(name))
    throw new ConfigError(`DATABASE_URL names an unusable database: ${name} (expected ${DATABASE_URL_FORM})`);
  return name;
};

/** The URL as every connection uses it, its database checked (and its path normalised). */
export const withDatabase = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  url.pathname = `/${databaseNameOf(databaseUrl)}`;
  return url.toString();
};

/**
 * DATABASE_URL as the processes that read it take it (the CLI, the loader): a mysql:// URL naming its
 * database, checked when the environment is read, so the process stops before its first connection.
 */
export const DatabaseUrlSchema = z.string().superRefine((databaseUrl, context) => {
  if (!databaseUrl.startsWith('mysql://')) {
    context.addIssue({ code: 'custom', message: `not a mysql:// URL (expected ${DATABASE_URL_FORM})` });
    return;
  }
  try {
    databaseNameOf(databaseUrl);
  } catch (error) {
    // readEnv names the variable itself.
    context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^DATABASE_URL /, '') });
  }
});
