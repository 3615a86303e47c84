import { drizzle } from 'drizzle-orm/mysql2';
import { describe, expect, it } from 'vitest';
import * as schema from './schema.ts';
import { drizzleTableOf } from './tables/index.ts';
import { deleteOfParentsStatement, replaceChildRows, rowsStatement, upsertStatement } from './upsert.ts';

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
  it("deletes the parents' rows before it inserts the new ones", async () => {
    const statements: string[] = [];
    const recording = drizzle.mock({
      schema,
      mode: 'default',
      logger: { logQuery: (sql) => statements.push(sql) },
    });
    await replaceChildRows(recording, links, { columns: ['character_id'], keys: [[1], [2]] }, [
      { character_id: 1, episode_id: 7 },
    ]).catch(() => {});
    // The mock runs no statement, so the insert after it is not reached.
    expect(statements[0]).toBe('delete from `character_episodes` where `character_id` in (1, 2)');
  });
});

describe('Function: deleteOfParentsStatement()', () => {
  it('matches a key of several columns column by column, values escaped as mysql2 escapes them', () => {
    const scope = {
      columns: ['character_id', 'episode_id'],
      keys: [
        [1, 2],
        ["3'; drop table x; --", null],
      ],
    };
    expect(deleteOfParentsStatement(links, scope)).toBe(
      'delete from `character_episodes` where (`character_id` = 1 and `episode_id` = 2) or ' +
        "(`character_id` = '3\\'; drop table x; --' and `episode_id` = NULL)",
    );
  });

  it('refuses a key column the table does not have', () => {
    expect(() => deleteOfParentsStatement(links, { columns: ['parent_id'], keys: [[1]] })).toThrow(
      'parent_id is not a column of character_episodes',
    );
  });
});

describe('Function: rowsStatement()', () => {
  it('writes the same upsert as upsertStatement, with the values escaped as mysql2 escapes them', () => {
    const tricky = {
      id: 2,
      name: 'Rick\'s \\ "garage" 🛸\n\'; drop table x; --',
      created_at: '2017-11-10 12:42:04.162',
    };
    const statement = rowsStatement(locations, [location, tricky], 'update');
    expect(statement).toBe(
      'insert into `locations` (`id`, `name`, `created_at`) values ' +
        "(1, 'Earth (C-137)', '2017-11-10 12:42:04.162'), " +
        "(2, 'Rick\\'s \\\\ \\\"garage\\\" 🛸\\n\\'; drop table x; --', '2017-11-10 12:42:04.162') " +
        'on duplicate key update `name` = values(`name`), `created_at` = values(`created_at`)',
    );
    const drizzles = upsertStatement(db, locations, [location]).toSQL().sql;
    expect(drizzles).toMatch(
      /on duplicate key update `name` = values\(`name`\), `created_at` = values\(`created_at`\)$/,
    );
  });

  it('writes NULL for null and DEFAULT for a value not given; a table made of its key only inserts what is missing', () => {
    const partial = { id: 3, name: null, created_at: undefined } as unknown as typeof location;
    expect(rowsStatement(locations, [partial], 'fail')).toBe(
      'insert into `locations` (`id`, `name`, `created_at`) values (3, NULL, DEFAULT)',
    );
    expect(rowsStatement(links, [{ character_id: 1, episode_id: 2 }], 'update')).toBe(
      'insert ignore into `character_episodes` (`character_id`, `episode_id`) values (1, 2)',
    );
  });
});
