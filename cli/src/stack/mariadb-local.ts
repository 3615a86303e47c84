import { access } from 'node:fs/promises';
import { StackError } from './errors.ts';
import type { RunCommand } from './run-command.ts';

export const MARIADBD = '/usr/sbin/mariadbd';

export const hasLocalMariadb = (): Promise<boolean> =>
  access(MARIADBD).then(
    () => true,
    () => false,
  );

/**
 * Starts the system MariaDB the way its init script would, for machines without systemd (containers, CI).
 * --oknodo: a server that already runs is fine. mariadbd drops to the `user` from my.cnf by itself.
 */
export const startLocalMariadb = async (run: RunCommand): Promise<void> => {
  // The Debian package expects systemd to create the socket folder; without systemd nobody does.
  await run('install', ['-d', '-o', 'mysql', '-g', 'mysql', '/run/mysqld'], { timeoutMs: 5_000 });
  const result = await run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD], {
    timeoutMs: 15_000,
  });
  if (result.code !== 0) {
    const detail = result.error?.message ?? (result.stderr.trim() || `exit ${result.code}`);
    throw new StackError(`could not start ${MARIADBD} with start-stop-daemon: ${detail}`);
  }
};

const quoteSqlString = (value: string): string =>
  `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * Lets root in over TCP with the URL's password, keeping socket login so `sudo mariadb` still works.
 * Debian installs root as unix_socket only, and mysql2 always connects over TCP. With `skip-name-resolve`
 * a TCP client is '127.0.0.1', not 'localhost', so a loopback IP in the URL also gets its own root account.
 */
export const buildRootAccessSql = (password: string, host: string): string => {
  const identified = `IDENTIFIED VIA mysql_native_password USING PASSWORD(${quoteSqlString(password)})`;
  const statements = [`ALTER USER root@localhost ${identified} OR unix_socket;`];
  if (host === '127.0.0.1' || host === '::1') {
    const account = `root@${quoteSqlString(host)}`;
    statements.push(
      `CREATE USER IF NOT EXISTS ${account} ${identified};`,
      `ALTER USER ${account} ${identified};`,
      `GRANT ALL PRIVILEGES ON *.* TO ${account} WITH GRANT OPTION;`,
    );
  }
  return statements.join('\n');
};

/** The same statements for people to read: the password never appears in output. */
export const describeRootAccessSql = (password: string, host: string): string =>
  buildRootAccessSql(password === '' ? '' : '<the password from DATABASE_URL>', host);

/** Runs the fix through the `mariadb` client over the socket, where root is let in as the unix user root. */
export const grantRootTcpAccess = async (run: RunCommand, password: string, host: string): Promise<void> => {
  // SQL on stdin, not in argv, so the password does not show up in `ps`.
  const result = await run('mariadb', ['--user=root'], {
    input: buildRootAccessSql(password, host),
    timeoutMs: 15_000,
  });
  if (result.code !== 0) {
    throw new StackError(
      `running the root access fix with \`mariadb\` failed: ${result.error?.message ?? result.stderr.trim()}`,
    );
  }
};
