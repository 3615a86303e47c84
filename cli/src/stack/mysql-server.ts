import { setTimeout as sleep } from 'node:timers/promises';
import { type DatabaseTarget, maskDatabaseUrl, parseDatabaseUrl } from './database-url.ts';
import { isDockerAvailable, startComposeService } from './docker-compose.ts';
import { MysqlAccessDeniedError, MysqlUnavailableError } from './errors.ts';
import {
  describeRootAccessSql,
  grantRootTcpAccess,
  hasLocalMariadb,
  startLocalMariadb,
} from './mariadb-local.ts';
import { type MysqlProbe, probeMysql } from './mysql-probe.ts';
import { resolveStackPaths } from './paths.ts';
import { findOnPath, type RunCommand, runCommand } from './run-command.ts';
import { writeOwner } from './stack-owner.ts';
import { ignoreProgress, type OnProgress } from './types.ts';

export type EnsureMysqlOptions = {
  databaseUrl: string;
  /** For the compose file and for noting that we started the mysql container. */
  projectRoot: string;
  onProgress?: OnProgress;
  run?: RunCommand;
  timeoutMs?: number;
  /** Whether we may fix root's access ourselves; defaults to "this process runs as root". */
  isRoot?: boolean;
};

export type MysqlServer = { version: string; startedBy: 'docker' | 'mariadbd' | null };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Makes the server in DATABASE_URL answer and let its user in; starts a local one only for a loopback host. */
export const ensureMysql = async (options: EnsureMysqlOptions): Promise<MysqlServer> => {
  const { databaseUrl, onProgress = ignoreProgress, run = runCommand, timeoutMs = 60_000 } = options;
  const target = parseDatabaseUrl(databaseUrl);
  const shown = maskDatabaseUrl(databaseUrl);
  let probe = await probeMysql(target);
  let startedBy: MysqlServer['startedBy'] = null;
  if (!probe.ok && probe.reason === 'unreachable') {
    if (!LOOPBACK_HOSTS.has(target.host)) {
      throw new MysqlUnavailableError(
        `MySQL at ${shown} is not reachable (${probe.message}); it is not local, so not started`,
      );
    }
    startedBy = await startMysqlServer({ ...options, run, onProgress, target, shown });
    // A first start of the mysql image initialises its data folder before it opens the port.
    probe = await waitForMysql(target, startedBy === 'docker' ? Math.max(timeoutMs, 120_000) : timeoutMs);
  }
  if (!probe.ok && probe.reason === 'access-denied') {
    probe = await resolveAccessDenied({
      target,
      shown,
      probe,
      run,
      onProgress,
      isRoot: options.isRoot ?? isRootUser(),
    });
  }
  if (!probe.ok) throw new MysqlUnavailableError(`MySQL at ${shown} is not reachable: ${probe.message}`);
  onProgress(`MySQL ${probe.version} answers at ${shown}`, 'info');
  return { version: probe.version, startedBy };
};

type StartContext = EnsureMysqlOptions & {
  run: RunCommand;
  onProgress: OnProgress;
  target: DatabaseTarget;
  shown: string;
};

const startMysqlServer = async (context: StartContext): Promise<'docker' | 'mariadbd'> => {
  const { run, onProgress, target, shown } = context;
  if (await isDockerAvailable(run)) {
    onProgress(`nothing answers at ${shown}: starting mysql with docker compose`, 'info');
    const paths = resolveStackPaths(context.projectRoot);
    await startComposeService(run, paths.composeFile, 'mysql', { MYSQL_PORT: String(target.port) });
    await writeOwner(paths.mysqlOwnerFile, 'docker');
    return 'docker';
  }
  if (await hasLocalMariadb()) {
    onProgress(`nothing answers at ${shown}: starting the system MariaDB`, 'info');
    await startLocalMariadb(run);
    return 'mariadbd';
  }
  throw new MysqlUnavailableError(
    `nothing answers at ${shown}, Docker is not running and MariaDB is not installed; start a MySQL server there`,
  );
};

/** Polls until the server answers, counting "access denied" as up: it is a login problem, not a startup one. */
const waitForMysql = async (target: DatabaseTarget, timeoutMs: number): Promise<MysqlProbe> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await probeMysql(target);
    if (probe.ok || probe.reason === 'access-denied' || Date.now() >= deadline) return probe;
    await sleep(1_000);
  }
};

type AccessContext = {
  target: DatabaseTarget;
  shown: string;
  probe: MysqlProbe & { ok: false };
  run: RunCommand;
  onProgress: OnProgress;
  isRoot: boolean;
};

const resolveAccessDenied = async (context: AccessContext): Promise<MysqlProbe> => {
  const { target, shown, probe, run, onProgress } = context;
  if (target.user !== 'root') {
    throw new MysqlAccessDeniedError(`MySQL at ${shown} refuses user ${target.user}: ${probe.message}`, null);
  }
  const fixSql = describeRootAccessSql(target.password, target.host);
  const explanation =
    `MySQL at ${shown} refuses root over TCP (${probe.message}). A fresh Debian MariaDB lets root in only over ` +
    `its unix socket; to let it in over TCP, run as root:\n  mariadb <<'SQL'\n${fixSql}\nSQL`;
  if (!context.isRoot || (await findOnPath('mariadb')) === null)
    throw new MysqlAccessDeniedError(explanation, fixSql);
  onProgress(
    'MariaDB lets root in only over its socket; allowing root over TCP (as DATABASE_URL expects)',
    'warn',
  );
  await grantRootTcpAccess(run, target.password, target.host);
  const fixed = await probeMysql(target);
  if (!fixed.ok)
    throw new MysqlAccessDeniedError(
      `${explanation}\n(tried this automatically; still: ${fixed.message})`,
      fixSql,
    );
  return fixed;
};

const isRootUser = (): boolean => process.getuid?.() === 0;
