import { drizzle } from 'drizzle-orm/mysql2';
import { describe, expect, it } from 'vitest';
import * as schema from './schema.ts';
import { drizzleTableOf } from './tables/index.ts';
import { replaceChildRows, upsertStatement } from './upsert.ts';

const db = drizzle.mock({ schema, mode: 'default' });
const locations = drizzleTableOf('locations', {
  columns: {
    id: { type: 'int', nullable: false },
    name: { type: 'varchar(255)', nullable: false },
    created_at: { type: 'datetime(3)', nullable: false },
  },
  primaryKey: ['id'],
  writeMode: 'upsert',
});
const links = drizzleTableOf('character_episodes', {
  columns: { character_id: { type: 'int', nullable: false }, episode_id: { type: 'int', nullable: false } },
  primaryKey: ['character_id', 'episode_id'],
  writeMode: 'replace',
});
const location = { id: 1, name: 'Earth (C-137)', created_at: '2017-11-10 12:42:04.162' };

describe('Function: upsertStatement()', () => {
  it('writes one multi-row insert that updates every non-key column with VALUES()', () => {
    const { sql, params } = upsertStatement(db, locations, [location, { ...location, id: 2 }]).toSQL();
    expect(sql).toMatch(/^insert into `locations` \(.*\) values \(.*\), \(.*\) on duplicate key update /);
    expect(sql).toContain('`name` = values(`name`)');
    expect(sql).toContain('`created_at` = values(`created_at`)');
    expect(sql).not.toMatch(/`id` = values/);
    // MariaDB has no `AS new` row alias.
    expect(sql).not.toMatch(/ as new/i);
    expect(params).toHaveLength(6);
  });

  it('only inserts missing rows of a table made of its key', () => {
    const { sql } = upsertStatement(db, links, [{ character_id: 1, episode_id: 2 }]).toSQL();
    expect(sql).toMatch(/^insert ignore into `character_episodes`/);
  });
});

describe('Function: replaceChildRows()', () => {
  it("deletes the parents' rows by parameter, then inserts the new ones", async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    const recording = drizzle.mock({
      schema,
      mode: 'default',
      logger: { logQuery: (sql, params) => statements.push({ sql, params }) },
    });
    await replaceChildRows(recording, links, { columns: ['character_id'], keys: [[1], [2]] }, [
      { character_id: 1, episode_id: 7 },
    ]).catch(() => {});
    expect(statements[0]?.sql).toMatch(
      /^delete from `character_episodes` where `character_episodes`.`character_id` in \(\?, \?\)/,
    );
    expect(statements[0]?.params).toEqual([1, 2]);
  });
});
