import { describe, expect, it } from 'vitest';
import { buildRootAccessSql, describeRootAccessSql } from './mariadb-local.ts';

describe('Function: buildRootAccessSql()', () => {
  it('lets root@localhost in with an empty password and keeps socket login', () => {
    expect(buildRootAccessSql('', 'localhost')).toBe(
      "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;",
    );
  });

  it('also creates root@127.0.0.1 for a loopback IP (skip-name-resolve)', () => {
    const sql = buildRootAccessSql('', '127.0.0.1');
    expect(sql).toContain("CREATE USER IF NOT EXISTS root@'127.0.0.1'");
    expect(sql).toContain("GRANT ALL PRIVILEGES ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;");
  });

  it('escapes quotes and backslashes in the password', () => {
    expect(buildRootAccessSql("it's\\", 'localhost')).toContain("PASSWORD('it\\'s\\\\')");
  });
});

describe('Function: describeRootAccessSql()', () => {
  it('never shows the password', () => {
    const shown = describeRootAccessSql('hunter2', '127.0.0.1');
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain("PASSWORD('<the password from DATABASE_URL>')");
  });
});
