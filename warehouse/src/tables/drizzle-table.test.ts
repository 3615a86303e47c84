import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/mysql-core';
import { drizzle } from 'drizzle-orm/mysql2';
import { describe, expect, it } from 'vitest';
import * as schema from '../schema.ts';
import { upsertStatement } from '../upsert.ts';
import { drizzleTableOf } from './drizzle-table.ts';
import { declareTable } from './test-factories.ts';

// The loader's own schema only types the mock as WarehouseDb; the table under test is built at run time.
const db = drizzle.mock({ schema, mode: 'default' });
const assets = declareTable({
  columns: {
    id: 'varchar(64)',
    price: 'decimal(38,18)',
    active: { type: 'boolean', nullable: true },
    meta: { type: 'json', nullable: true },
    seen_at: 'datetime(3)',
  },
  primaryKey: ['id'],
  uniqueKey: ['seen_at', 'id'],
  indexes: { assets_active_idx: ['active'] },
});

describe('Function: drizzleTableOf()', () => {
  it('names properties after the SQL columns, with their types, nullness and keys', () => {
    // Act
    const table = drizzleTableOf('assets', assets);

    // Assess
    const columns = getTableColumns(table);
    expect(Object.keys(columns)).toEqual(['id', 'price', 'active', 'meta', 'seen_at']);
    expect(
      Object.values(columns).map((column) => [column.name, column.getSQLType(), column.notNull]),
    ).toEqual([
      ['id', 'varchar(64)', true],
      ['price', 'decimal(38,18)', true],
      ['active', 'boolean', false],
      ['meta', 'json', false],
      ['seen_at', 'datetime(3)', true],
    ]);
    const config = getTableConfig(table);
    expect(config.primaryKeys.map((key) => key.columns.map((column) => column.name))).toEqual([['id']]);
    expect(
      config.uniqueConstraints.map((key) => [key.name, key.columns.map((column) => column.name)]),
    ).toEqual([['assets_unique', ['seen_at', 'id']]]);
    expect(config.indexes.map((index) => index.config.name)).toEqual(['assets_active_idx']);
  });

  it('upserts through upsertStatement, passing JSON text and decimals on as they are', () => {
    // Prepare
    const row = {
      id: 'btc',
      price: '67012.123456789012345678',
      active: true,
      meta: '{"a":1}',
      seen_at: '2024-05-01 12:00:00.123',
    };

    // Act
    const { sql, params } = upsertStatement(db, drizzleTableOf('assets', assets), [row]).toSQL();

    // Assess
    expect(sql).toMatch(/^insert into `assets` \(`id`, `price`, `active`, `meta`, `seen_at`\) values /);
    expect(sql).toContain('`price` = values(`price`)');
    expect(sql).not.toMatch(/`id` = values/);
    expect(params).toEqual(['btc', '67012.123456789012345678', true, '{"a":1}', '2024-05-01 12:00:00.123']);
  });

  it('refuses a key on a column the table does not have', () => {
    const broken = { ...assets, primaryKey: ['nope'] };
    expect(() => getTableConfig(drizzleTableOf('assets', broken))).toThrow(
      'assets: nope is in a key but not a column',
    );
  });
});
