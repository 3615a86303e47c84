import { describe, expect, it } from 'vitest';
import { DEFAULT_SAKILA_DATABASE_URL, sakilaUrlOf } from './sample.ts';

describe('Function: sakilaUrlOf()', () => {
  it('takes the database the URL names, and the server without it', () => {
    expect(sakilaUrlOf(DEFAULT_SAKILA_DATABASE_URL)).toEqual({
      serverUrl: 'mysql://root@127.0.0.1:3306/',
      databaseUrl: 'mysql://root@127.0.0.1:3306/sakila_source',
      database: 'sakila_source',
    });
  });

  it('lets --database override the URL’s database, keeping its credentials', () => {
    expect(sakilaUrlOf('mysql://etl:secret@db.local:3307/sakila', 'sakila_small')).toEqual({
      serverUrl: 'mysql://etl:secret@db.local:3307/',
      databaseUrl: 'mysql://etl:secret@db.local:3307/sakila_small',
      database: 'sakila_small',
    });
  });

  it('falls back to sakila_source when the URL names no database', () => {
    expect(sakilaUrlOf('mysql://root@127.0.0.1:3306').database).toBe('sakila_source');
  });
});
