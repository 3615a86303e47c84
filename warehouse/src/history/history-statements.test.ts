import type { SQL } from 'drizzle-orm';
import { MySqlDialect } from 'drizzle-orm/mysql-core';
import { describe, expect, it } from 'vitest';
import { changeTableStatement, dimensionTableStatement, factTableStatement } from './create-tables.ts';
import { derivedVersionsQuery } from './derive-versions.ts';
import { dimensionOf } from './dimension-spec.ts';
import { factOf } from './fact-spec.ts';
import { keyIn } from './key-list.ts';
import { parkStatement, upsertVersionsStatement } from './reconcile-versions.ts';
import { changeRowOf, recordChangesStatement } from './record-observations.ts';
import { customerSpec, paymentSpec } from './test-support.ts';

const dialect = new MySqlDialect();
const query = (statement: SQL) => dialect.sqlToQuery(statement);
const text = (statement: SQL) => query(statement).sql.replace(/\s+/g, ' ');

const dimension = dimensionOf(customerSpec('customer'));

describe('History statements', () => {
  it('creates the dimension with one current row per key enforced by the server', () => {
    const ddl = text(dimensionTableStatement(dimension));
    expect(ddl).toContain('`customer_sk` bigint not null auto_increment');
    expect(ddl).toContain("is_current boolean as (valid_to = '9999-12-31 00:00:00.000000') persistent");
    expect(ddl).toContain('unique key `customer_version` (`customer_id`, valid_from)');
    expect(ddl).toContain('unique key `customer_validity` (`customer_id`, valid_to)');
    expect(ddl).toContain('`city` varchar(64) null');
    expect(text(changeTableStatement(dimension))).toContain('primary key (`customer_id`, observed_at)');
    expect(
      text(factTableStatement(factOf(paymentSpec(customerSpec('customer'), 'infer', 'payment')))),
    ).toContain('`customer_sk` bigint not null default -1');
  });

  it('passes keys and values as parameters, never in the text', () => {
    const statement = query(
      keyIn(
        'c',
        ['a', 'b'],
        [
          ['1', "x'); drop table t; --"],
          ['2', 'y'],
        ],
      ),
    );
    expect(statement.sql).toBe('(`c`.`a`, `c`.`b`) in ((?, ?), (?, ?))');
    expect(statement.params).toEqual(['1', "x'); drop table t; --", '2', 'y']);
    const change = changeRowOf(dimension, {
      row: { customer_id: 1, city: "O'Hara", tier: 'gold', email: null },
      observedAt: '2024-03-01 08:00:00',
    });
    const recorded = query(recordChangesStatement(dimension, [change]));
    expect(recorded.sql).not.toContain("O'Hara");
    expect(recorded.params).toContain("O'Hara");
  });

  it('lets the greater content hash win a same-instant conflict, assigning content_hash last', () => {
    const change = changeRowOf(dimension, {
      row: { customer_id: 1 },
      observedAt: '2024-03-01 08:00:00',
      deleted: true,
    });
    const sql = text(recordChangesStatement(dimension, [change]));
    expect(sql).toContain('`city` = if(values(content_hash) > content_hash, values(`city`), `city`)');
    expect(sql).toMatch(/content_hash = greatest\(content_hash, values\(content_hash\)\)$/);
    expect(change).toMatchObject({ deleted: true, rowHash: null, attributes: [null, null, null] });
  });

  it('recomputes versions with LAG over the change points and LEAD for their ends', () => {
    const sql = text(derivedVersionsQuery(dimension, [['1']]));
    expect(sql).toContain(
      'lag(s.state) over (partition by `s`.`customer_id` order by `s`.`observed_at` asc)',
    );
    expect(sql).toContain('coalesce(lead(p.observed_at) over (partition by `p`.`customer_id`');
    expect(sql).toContain(
      'if(row_number() over (partition by `p`.`customer_id` order by `p`.`observed_at` asc) = 1',
    );
    expect(sql).toContain('order by `c`.`observed_at` desc) as newest');
    expect(sql).toMatch(/where v\.is_gone = 0$/);
  });

  it('upserts versions by (key, valid_from) with values(), never MySQL 8 row aliases', () => {
    const sql = text(upsertVersionsStatement(dimension, [['1']]));
    expect(sql).toMatch(
      /^insert into `customer` \(`customer_id`, `valid_from`, `valid_to`, `is_deleted`, `row_hash`/,
    );
    expect(sql).toContain('on duplicate key update `valid_to` = values(`valid_to`)');
    expect(sql).not.toContain('`valid_from` = values');
    expect(sql).not.toMatch(/\) as \w+ on duplicate/i);
    expect(text(parkStatement(dimension, [['1']]))).toContain('+ interval `d`.`customer_sk` microsecond');
  });
});
