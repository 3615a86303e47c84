import { describeAwsEmulator, ensureAwsEmulator } from './aws-emulator.ts';
import { maskDatabaseUrl, parseDatabaseUrl } from './database-url.ts';
import { removeComposeService } from './docker-compose.ts';
import { StackError } from './errors.ts';
import { stopLocalstack } from './localstack-process.ts';
import { probeMysql } from './mysql-probe.ts';
import { ensureMysql } from './mysql-server.ts';
import { resolveStackPaths } from './paths.ts';
import { type RunCommand, runCommand } from './run-command.ts';
import { clearOwner, readOwner } from './stack-owner.ts';
import { type AwsVia, ignoreProgress, type OnProgress, type StackInfo } from './types.ts';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

export type StackUpOptions = {
  projectRoot: string;
  endpoint?: string;
  databaseUrl: string;
  onProgress?: OnProgress;
  /** The Python that creates the LocalStack venv (3.10+). */
  python?: string;
  /** How long LocalStack may take to become ready. */
  timeoutMs?: number;
  run?: RunCommand;
};

/** Brings up the AWS emulator and MySQL side by side; both usually just need reusing, so this is quick when warm. */
export const stackUp = async (options: StackUpOptions): Promise<StackInfo> => {
  const {
    projectRoot,
    endpoint = DEFAULT_ENDPOINT,
    databaseUrl,
    onProgress = ignoreProgress,
    run = runCommand,
  } = options;
  // allSettled: when one side fails fast, the other still finishes (no pip install cut off half-way).
  const [aws, mysql] = await Promise.allSettled([
    ensureAwsEmulator({
      projectRoot,
      endpoint,
      onProgress,
      run,
      ...(options.python === undefined ? {} : { python: options.python }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
    ensureMysql({ projectRoot, databaseUrl, onProgress, run }),
  ]);
  if (aws.status === 'rejected' && mysql.status === 'rejected') {
    throw new StackError(`${errorMessage(aws.reason)}\n${errorMessage(mysql.reason)}`, {
      cause: new AggregateError([aws.reason, mysql.reason]),
    });
  }
  if (aws.status === 'rejected') throw aws.reason;
  if (mysql.status === 'rejected') throw mysql.reason;
  return {
    aws: aws.value,
    mysql: { state: 'running', url: maskDatabaseUrl(databaseUrl), version: mysql.value.version },
  };
};

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export type StackDownOptions = {
  projectRoot: string;
  endpoint?: string;
  onProgress?: OnProgress;
  run?: RunCommand;
};

export type StackDownResult = { aws: AwsVia | null; mysql: 'docker' | null };

/** Stops only what `stack up` started: the host LocalStack or moto, and compose services. Never a system MariaDB. */
export const stackDown = async (options: StackDownOptions): Promise<StackDownResult> => {
  const { projectRoot, onProgress = ignoreProgress, run = runCommand } = options;
  const paths = resolveStackPaths(projectRoot);
  const aws = await stopLocalstack({ projectRoot, run, onProgress });
  let mysql: StackDownResult['mysql'] = null;
  if ((await readOwner(paths.mysqlOwnerFile)) === 'docker') {
    onProgress('stopping the mysql container', 'info');
    await removeComposeService(run, paths.composeFile, 'mysql');
    mysql = 'docker';
  }
  await clearOwner(paths.mysqlOwnerFile);
  return { aws, mysql };
};

export type StackStatusOptions = { projectRoot: string; endpoint?: string; databaseUrl: string };

export const stackStatus = async (options: StackStatusOptions): Promise<StackInfo> => {
  const { projectRoot, endpoint = DEFAULT_ENDPOINT, databaseUrl } = options;
  const [aws, probe] = await Promise.all([
    describeAwsEmulator(projectRoot, endpoint),
    probeMysql(parseDatabaseUrl(databaseUrl)),
  ]);
  return {
    aws,
    mysql: {
      state: probe.ok ? 'running' : 'stopped',
      url: maskDatabaseUrl(databaseUrl),
      version: probe.ok ? probe.version : null,
    },
  };
};
