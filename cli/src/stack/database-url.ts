import { StackError } from './errors.ts';

export type DatabaseTarget = {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | null;
};

export const parseDatabaseUrl = (databaseUrl: string): DatabaseTarget => {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (cause) {
    // Not echoing the value: it may hold a password.
    throw new StackError(
      'DATABASE_URL is not a valid URL (expected mysql://user:password@host:port/database)',
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new StackError(`DATABASE_URL must start with mysql:// (got ${url.protocol}//)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database: database === '' ? null : database,
  };
};

/** The URL as it can be shown: any password becomes `****`; an unparsable URL is not shown at all. */
export const maskDatabaseUrl = (databaseUrl: string): string => {
  try {
    const url = new URL(databaseUrl);
    // 'root:secret@host' parses with 'root:' as scheme and the password in the path.
    if (url.host === '') return '(invalid DATABASE_URL)';
    if (url.password !== '') url.password = '****';
    return url.toString();
  } catch {
    return '(invalid DATABASE_URL)';
  }
};
