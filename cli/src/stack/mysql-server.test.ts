import { describe, expect, it } from 'vitest';
import { MysqlAccessDeniedError, MysqlUnavailableError } from './errors.ts';
import { ensureMysql } from './mysql-server.ts';
import type { RunCommand } from './run-command.ts';

// Against the local MariaDB/MySQL that `sluice stack up` provides (root, empty password).
const DATABASE_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/sluice';
const refuseToRun: RunCommand = () => Promise.reject(new Error('must not start anything'));

describe('Function: ensureMysql()', () => {
  it('returns the server version when the server already answers', async () => {
    const server = await ensureMysql({
      databaseUrl: DATABASE_URL,
      projectRoot: '/nonexistent',
      run: refuseToRun,
    });

    expect(server.startedBy).toBeNull();
    expect(server.version).toMatch(/^\d+\.\d+/);
  });

  it('throws access denied, without the password, for a user the server refuses', async () => {
    // Prepare
    const url = 'mysql://sluice_no_such_user:hunter2@127.0.0.1:3306/sluice';

    // Act
    const error = await ensureMysql({
      databaseUrl: url,
      projectRoot: '/nonexistent',
      run: refuseToRun,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(MysqlAccessDeniedError);
    expect((error as Error).message).toContain('refuses user sluice_no_such_user');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('does not try to start a server for a host that is not local', async () => {
    const url = 'mysql://root:hunter2@127.0.0.1.invalid:3306/sluice';

    const error = await ensureMysql({
      databaseUrl: url,
      projectRoot: '/nonexistent',
      run: refuseToRun,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MysqlUnavailableError);
    expect((error as Error).message).toContain(
      'mysql://root:****@127.0.0.1.invalid:3306/sluice is not reachable',
    );
  });
});
