import type { RowDataPacket } from 'mysql2';
import { createConnection } from 'mysql2/promise';
import type { DatabaseTarget } from './database-url.ts';

export type MysqlProbe =
  | { ok: true; version: string }
  | { ok: false; reason: 'unreachable' | 'access-denied'; code: string | null; message: string };

/**
 * MariaDB answers 1698 (not 1045) when root may only log in over the unix socket,
 * which is how Debian installs it.
 */
const ACCESS_DENIED_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
]);

/** Connects without a database, because `stack up` runs before migrations create it. */
export const probeMysql = async (target: DatabaseTarget, timeoutMs = 3_000): Promise<MysqlProbe> => {
  try {
    const connection = await createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      connectTimeout: timeoutMs,
    });
    try {
      const [rows] = await connection.query<Array<{ version: string } & RowDataPacket>>(
        'SELECT VERSION() AS version',
      );
      return { ok: true, version: rows[0]?.version ?? 'unknown' };
    } finally {
      await connection.end();
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const codeText = typeof code === 'string' ? code : null;
    const reason = codeText !== null && ACCESS_DENIED_CODES.has(codeText) ? 'access-denied' : 'unreachable';
    return {
      ok: false,
      reason,
      code: codeText,
      message: error instanceof Error ? error.message : String(error),
    };
  }
};
