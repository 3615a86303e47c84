import { SourceError } from '../source-errors.ts';

// A server down, restarting, out of connections, refusing the login or a lock wait: another attempt later
// can succeed. (An access refused stays refused until someone fixes it, but a retry costs little and a
// rotated secret heals on its own.)
const RETRYABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'ER_QUERY_INTERRUPTED',
]);

export interface SourceDatabaseContext {
  pipeline: string;
  /** The variable the connection URL comes from: named in the error, never its value. */
  variable: string;
  table?: string;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * A failure of the source database as a SourceError: the connection's failures retryable, naming the
 * variable that holds the URL (the URL has the password, so it is never in the message); a query the
 * server refuses (no such table or column, an unknown time zone) not, as it fails the same way each time.
 */
export const sourceDatabaseError = (error: unknown, context: SourceDatabaseContext): SourceError => {
  if (error instanceof SourceError) return error;
  const code = codeOf(error) ?? 'unknown error';
  const isSqlError = typeof (error as { sqlMessage?: unknown })?.sqlMessage === 'string';
  const retryable = RETRYABLE_CODES.has(code) || !isSqlError;
  const { pipeline, variable, table } = context;
  const message = retryable
    ? `cannot use the source database of pipeline ${pipeline} (connection from \${${variable}}): ${code}`
    : `the source database of pipeline ${pipeline} refused a query${table ? ` on table ${table}` : ''}: ${code} ${(error as Error).message}`;
  return new SourceError(message, { context: { pipeline, variable, table, code }, cause: error, retryable });
};
