import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl, parseDatabaseUrl } from './database-url.ts';

describe('Function: maskDatabaseUrl()', () => {
  it('replaces the password', () => {
    expect(maskDatabaseUrl('mysql://root:s3cr%40t@127.0.0.1:3306/sluice')).toBe(
      'mysql://root:****@127.0.0.1:3306/sluice',
    );
  });

  it('leaves a URL without password as it is', () => {
    expect(maskDatabaseUrl('mysql://root@127.0.0.1:3306/sluice')).toBe('mysql://root@127.0.0.1:3306/sluice');
  });

  it('does not echo a URL it cannot parse', () => {
    expect(maskDatabaseUrl('root:secret@nowhere')).toBe('(invalid DATABASE_URL)');
  });
});

describe('Function: parseDatabaseUrl()', () => {
  it('decodes user, password, host, port and database', () => {
    expect(parseDatabaseUrl('mysql://app:p%40ss@db.local:3307/sluice')).toEqual({
      host: 'db.local',
      port: 3307,
      user: 'app',
      password: 'p@ss',
      database: 'sluice',
    });
  });

  it('defaults to port 3306, no password and no database', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1')).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: null,
    });
  });

  it('throws without the URL in the message when it is not mysql://', () => {
    expect(() => parseDatabaseUrl('postgres://u:secret@h/db')).toThrow(
      'DATABASE_URL must start with mysql://',
    );
    expect(() => parseDatabaseUrl('u:secret@h')).not.toThrow(/secret/);
  });
});
