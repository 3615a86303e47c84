import { describe, expect, it } from 'vitest';
import { databaseNameOf, withDatabase } from './migrate.ts';

describe('Function: databaseNameOf()', () => {
  it('reads the database from the URL path, sluice by default', () => {
    expect(databaseNameOf('mysql://root@127.0.0.1:3306/warehouse')).toBe('warehouse');
    expect(databaseNameOf('mysql://root@127.0.0.1:3306')).toBe('sluice');
    expect(withDatabase('mysql://root@127.0.0.1:3306/')).toBe('mysql://root@127.0.0.1:3306/sluice');
  });
  it('refuses names that could not be a database', () => {
    expect(() => databaseNameOf('mysql://root@h/a%60b')).toThrow(/unusable database/);
  });
});
