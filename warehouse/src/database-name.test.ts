import { readEnv } from '@sluice/runtime';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DatabaseUrlSchema, databaseNameOf, withDatabase } from './database-name.ts';

describe('Function: databaseNameOf()', () => {
  it('reads the database from the URL path', () => {
    expect(databaseNameOf('mysql://root@127.0.0.1:3306/warehouse')).toBe('warehouse');
    expect(withDatabase('mysql://root@127.0.0.1:3306/warehouse')).toBe(
      'mysql://root@127.0.0.1:3306/warehouse',
    );
  });

  it('refuses a URL that names no database, with the expected form', () => {
    for (const url of ['mysql://root@127.0.0.1:3306', 'mysql://root@127.0.0.1:3306/']) {
      expect(() => databaseNameOf(url)).toThrow(
        'DATABASE_URL names no database (expected mysql://user:password@host:3306/database, e.g. mysql://root@127.0.0.1:3306/sluice)',
      );
      expect(() => withDatabase(url)).toThrow(/names no database/);
    }
  });

  it('refuses names that could not be a database', () => {
    expect(() => databaseNameOf('mysql://root@h/a%60b')).toThrow(/unusable database/);
  });
});

describe('Schema: DatabaseUrlSchema', () => {
  const schema = z.object({ DATABASE_URL: DatabaseUrlSchema });

  it('takes a mysql:// URL naming its database', () => {
    expect(readEnv(schema, { DATABASE_URL: 'mysql://root@127.0.0.1:3306/sluice' })).toEqual({
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/sluice',
    });
  });

  it('names DATABASE_URL and the expected form for a URL without a database, and never its password', () => {
    // Act
    const refusal = () => readEnv(schema, { DATABASE_URL: 'mysql://root:s3cret@127.0.0.1:3306' });

    // Assess
    expect(refusal).toThrow(
      'Environment variable DATABASE_URL is invalid: names no database (expected mysql://user:password@host:3306/database, e.g. mysql://root@127.0.0.1:3306/sluice)',
    );
    expect(refusal).not.toThrow(/s3cret/);
  });

  it('refuses a URL of another scheme', () => {
    expect(() => readEnv(schema, { DATABASE_URL: 'postgres://h/db' })).toThrow(
      /DATABASE_URL is invalid: not a mysql:\/\/ URL/,
    );
  });
});
