import { drizzle } from 'drizzle-orm/mysql2';
import { describe, expect, it } from 'vitest';
import * as schema from './schema.ts';
import { upsertStatement } from './upsert.ts';

const db = drizzle.mock({ schema, mode: 'default' });
const location = {
  id: 1,
  name: 'Earth (C-137)',
  type: 'Planet',
  dimension: 'Dimension C-137',
  url: 'https://rickandmortyapi.com/api/location/1',
  createdAt: '2017-11-10 12:42:04.162',
};

describe('Function: upsertStatement()', () => {
  it('writes one multi-row insert that updates every non-key column with VALUES()', () => {
    const { sql, params } = upsertStatement(db, schema.locations, [location, { ...location, id: 2 }]).toSQL();
    expect(sql).toMatch(/^insert into `locations` \(.*\) values \(.*\), \(.*\) on duplicate key update /);
    expect(sql).toContain('`name` = values(`name`)');
    expect(sql).toContain('`created_at` = values(`created_at`)');
    expect(sql).not.toMatch(/`id` = values/);
    // MariaDB has no `AS new` row alias.
    expect(sql).not.toMatch(/ as new/i);
    expect(params).toHaveLength(12);
  });

  it('only inserts missing rows of a table made of its key', () => {
    const { sql } = upsertStatement(db, schema.characterEpisodes, [{ characterId: 1, episodeId: 2 }]).toSQL();
    expect(sql).toMatch(/^insert ignore into `character_episodes`/);
  });
});
