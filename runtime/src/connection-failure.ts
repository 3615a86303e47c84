import { errorChainOf } from './error-chain.ts';

/**
 * What a process connects to, as the operator set it: the variable to change and the address it gave.
 * The CLI and the services pass their env.
 */
export interface ConnectionSettings {
  DATABASE_URL?: string | undefined;
  AWS_ENDPOINT_URL?: string | undefined;
  AWS_REGION?: string | undefined;
}

type Settings = ConnectionSettings;

/** What to do when the local stack is what could not be reached. */
export const LOCAL_STACK_HINT = 'is it running? `npx sluice stack up` starts the local stack';

// Node's socket codes, and mysql2's for a connection the server dropped, in an operator's words.
const PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'host name lookup failed',
  PROTOCOL_CONNECTION_LOST: 'connection lost',
};

const codeOf = (error: object): string | undefined => {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && code in PROBLEMS ? code : undefined;
};

/** `host:port` of the warehouse, never its user or password. */
const warehouseAddress = (databaseUrl: string | undefined): string => {
  if (databaseUrl === undefined) return 'its default address';
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '3306'}`;
  } catch {
    return 'an unparsable address';
  }
};

/** Where the queues and the bucket are: the emulator's origin (never a user or password in it), or AWS. */
const awsAddress = (settings: Settings): { address: string; variable: string } => {
  if (!settings.AWS_ENDPOINT_URL)
    return { address: `AWS ${settings.AWS_REGION ?? ''}`.trim(), variable: 'AWS_REGION' };
  try {
    return { address: new URL(settings.AWS_ENDPOINT_URL).origin, variable: 'AWS_ENDPOINT_URL' };
  } catch {
    return { address: 'an unparsable address', variable: 'AWS_ENDPOINT_URL' };
  }
};

/**
 * Where `what` is and which variable says so: `127.0.0.1:3306 (DATABASE_URL)` for the warehouse,
 * `http://127.0.0.1:4566 (AWS_ENDPOINT_URL)` for the queues, S3 or anything else of AWS's.
 */
export const addressOf = (what: string, settings: Settings): string => {
  if (what === 'warehouse') return `${warehouseAddress(settings.DATABASE_URL)} (DATABASE_URL)`;
  const { address, variable } = awsAddress(settings);
  return `${address} (${variable})`;
};

/**
 * mysql2 refusing a command on a connection that died earlier ("Can't add new command when connection is
 * in closed state"): fatal, and with neither a code nor a server's error number or SQL state. A
 * transaction the database went away under ends this way.
 */
export const isClosedConnection = (link: object): boolean => {
  const { fatal, code, errno, sqlState } = link as {
    fatal?: unknown;
    code?: unknown;
    errno?: unknown;
    sqlState?: unknown;
  };
  return fatal === true && code === undefined && errno === undefined && sqlState === undefined;
};

const closedWarehouse = (settings: Settings) =>
  `cannot reach the warehouse at ${warehouseAddress(settings.DATABASE_URL)} (DATABASE_URL): connection closed`;

/**
 * One line naming what could not be reached, where, through which variable, and why: `cannot reach the
 * warehouse at 127.0.0.1:3399 (DATABASE_URL): connection refused`. Null when the failure is not a
 * connection failure. The AWS SDK marks its errors with `$metadata`, mysql2 with `fatal`; that says
 * which of the two failed, whatever address the socket error names.
 */
export const describeConnectionFailure = (error: unknown, settings: Settings): string | null => {
  const chain = errorChainOf(error);
  const failed = chain.find((link) => codeOf(link) !== undefined);
  const code = failed && codeOf(failed);
  if (!failed || !code) return chain.some(isClosedConnection) ? closedWarehouse(settings) : null;
  const problem = PROBLEMS[code] as string;
  if (chain.some((link) => '$metadata' in link)) {
    const { address, variable } = awsAddress(settings);
    return `cannot reach the queues/S3 at ${address} (${variable}): ${problem}`;
  }
  if (chain.some((link) => 'fatal' in link)) {
    return `cannot reach the warehouse at ${warehouseAddress(settings.DATABASE_URL)} (DATABASE_URL): ${problem}`;
  }
  return null;
};

/**
 * The line a service prints when it cannot reach the queues, S3 or the warehouse: what, where, through
 * which variable, and, with an emulator endpoint set (the local stack; in AWS there is none), how to
 * start it. Null when the failure is not a connection failure.
 */
export const explainConnectionFailure = (error: unknown, settings: Settings): string | null => {
  const unreachable = describeConnectionFailure(error, settings);
  if (!unreachable) return null;
  return settings.AWS_ENDPOINT_URL ? `${unreachable}; ${LOCAL_STACK_HINT}` : unreachable;
};
