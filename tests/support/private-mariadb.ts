import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = 'mariadb-install-db';

export interface PrivateMariaDb {
  /** `mysql://root@127.0.0.1:<port>/`: root without a password, over TCP. */
  url: string;
  /** Whether the server process is running (it may still be starting). */
  isRunning: () => boolean;
  /** Ends the server, SIGKILL as a crash or SIGTERM as a clean shutdown; resolves once it has exited. */
  stop: (signal?: 'SIGKILL' | 'SIGTERM') => Promise<void>;
  /** Starts it again on the same data directory and port; resolves once it accepts connections. */
  start: () => Promise<void>;
  /** Kills it and deletes its data directory, whatever state it is in. */
  destroy: () => Promise<void>;
}

export interface PrivateMariaDbOptions {
  /** Where the server's error log goes, for a failing flow's post-mortem; the data directory otherwise. */
  logDir?: string;
  /** The bound on installing, starting and stopping the server, each (default 30 s). */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
};

const run = (command: string, args: string[], timeoutMs: number) =>
  new Promise<void>((resolve, reject) =>
    execFile(command, args, { timeout: timeoutMs }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${command} failed: ${stderr.trim() || error.message}`)) : resolve(),
    ),
  );

const acceptsConnections = async (url: string): Promise<boolean> => {
  try {
    const connection = await createConnection({ uri: url, connectTimeout: 1_000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
};

/**
 * A MariaDB server of the flow's own, on a free port over a fresh data directory, that the flow may kill
 * and restart: the machine's server is shared by every other test and person. The same options every time,
 * so that a restart finds the same port and data. Durable as a real server is (a commit survives SIGKILL).
 */
export const startPrivateMariaDb = async (options: PrivateMariaDbOptions = {}): Promise<PrivateMariaDb> => {
  const timeoutMs = options.timeoutMs ?? 30_000;
  await access(MARIADBD).catch(() => {
    throw new Error(`${MARIADBD} is not installed: this flow starts a MariaDB server of its own`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'sluice-mariadb-'));
  const dataDir = join(dir, 'data');
  const logDir = options.logDir ?? dir;
  await mkdir(logDir, { recursive: true });
  const errorLog = join(logDir, 'mariadb.log');
  const port = await freePort();
  const url = `mysql://root@127.0.0.1:${port}/`;
  const common = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--skip-name-resolve',
    // Small, so that installing and starting take a second; durability stays the default (flush at commit).
    '--innodb-buffer-pool-size=64M',
    '--innodb-log-file-size=16M',
    // mariadbd refuses to run as root unless told to.
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];
  const serverArgs = [
    ...common,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 'mariadb.sock')}`,
    `--pid-file=${join(dir, 'mariadb.pid')}`,
    `--log-error=${errorLog}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const isRunning = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  // Should the flow's process end without cleaning up, its server must not run on.
  const orphanGuard = () => child?.kill('SIGKILL');
  process.on('exit', orphanGuard);

  const start = async () => {
    if (isRunning()) throw new Error('the private MariaDB is already running');
    const started = spawn(MARIADBD, serverArgs, { stdio: 'ignore' });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
      if (!isRunning()) break;
      if (await acceptsConnections(url)) return;
    }
    const log = await readFile(errorLog, 'utf8').catch(() => '');
    started.kill('SIGKILL');
    throw new Error(`the private MariaDB did not start within ${timeoutMs} ms:\n${log.slice(-2_000)}`);
  };

  const stop = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    if (!isRunning()) return;
    child?.kill(signal);
    const killLater = setTimeout(() => child?.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(killLater);
  };

  try {
    await run(
      INSTALL_DB,
      [...common, '--auth-root-authentication-method=normal', '--skip-test-db'],
      timeoutMs,
    );
    await start();
  } catch (error) {
    process.off('exit', orphanGuard);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    isRunning,
    stop,
    start,
    destroy: async () => {
      await stop('SIGKILL');
      process.off('exit', orphanGuard);
      await rm(dir, { recursive: true, force: true });
    },
  };
};
