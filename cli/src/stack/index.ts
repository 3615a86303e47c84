export type { EnsureAwsOptions } from './aws-emulator.ts';
export { describeAwsEmulator, ensureAwsEmulator } from './aws-emulator.ts';
export type { DatabaseTarget } from './database-url.ts';
export { maskDatabaseUrl, parseDatabaseUrl } from './database-url.ts';
export {
  MysqlAccessDeniedError,
  MysqlUnavailableError,
  ProcessStartError,
  PythonVersionError,
  StackError,
} from './errors.ts';
export type { StartLocalstackOptions, StopLocalstackOptions } from './localstack-process.ts';
export { startLocalstackOnHost, stopLocalstack } from './localstack-process.ts';
export type { EnsureVenvOptions, LocalstackVenv } from './localstack-venv.ts';
export { ensureLocalstackVenv } from './localstack-venv.ts';
export type { StartMotoOptions } from './moto-server.ts';
export { startMotoServer } from './moto-server.ts';
export type { EnsureMysqlOptions, MysqlServer } from './mysql-server.ts';
export { ensureMysql } from './mysql-server.ts';
export type { StackPaths } from './paths.ts';
export { resolveStackPaths } from './paths.ts';
export type { CommandResult, RunCommand, RunOptions } from './run-command.ts';
export type { StackDownOptions, StackDownResult, StackStatusOptions, StackUpOptions } from './stack.ts';
export { DEFAULT_ENDPOINT, stackDown, stackStatus, stackUp } from './stack.ts';
export type { AwsVia, OnProgress, ProgressLevel, StackInfo } from './types.ts';
