import { errorChainOf, isClosedConnection } from '@sluice/runtime';

// The connection could not be made or was lost: Node's socket errors, and mysql2's own code for a server
// that closed the connection (a crash, a restart, a network cut).
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT', // mysql2 also uses it when connectTimeout passes
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN', // a DNS lookup that may pass later (RDS failover moves the name); ENOTFOUND is a wrong host
  'PROTOCOL_CONNECTION_LOST',
]);

// Server replies that say "not now" about the connection, never about the statement.
const UNAVAILABLE_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR: too many connections
  1053, // ER_SERVER_SHUTDOWN: shutdown in progress
  1152, // ER_ABORTING_CONNECTION
  1158, // ER_NET_READ_ERROR
  1159, // ER_NET_READ_INTERRUPTED
  1160, // ER_NET_ERROR_ON_WRITE
  1161, // ER_NET_WRITE_INTERRUPTED
  1927, // ER_CONNECTION_KILLED (MariaDB): the server killed it, as on shutdown; mysql2 has no name for it
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8): the server dropped an idle connection
]);

const isUnreachable = (error: object): boolean => {
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (typeof errno === 'number' && UNAVAILABLE_ERRNOS.has(errno)) return true;
  return isClosedConnection(error);
};

/**
 * Whether a failure means the database cannot be reached (down, restarting, full, or the network between),
 * as opposed to the database refusing what was asked of it: a SQL error, a constraint, a deadlock, access
 * denied. Only the first passes by waiting; the second must fail its message like any other error.
 */
export const isDatabaseOutage = (error: unknown): boolean => errorChainOf(error).some(isUnreachable);
